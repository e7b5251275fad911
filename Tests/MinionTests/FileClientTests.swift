import BrineCore
import MessagePack
@testable import Minion
import XCTest

/// The file client's pure parts: `salt://` URLs, path checks, and what `cp.*` answers with no master.
final class FileClientTests: XCTestCase {
    func testSaltURLs() {
        XCTAssertEqual(SaltURL("salt://motd")?.path, "motd")
        XCTAssertNil(SaltURL("salt://motd")?.saltenv)
        XCTAssertEqual(SaltURL("salt://conf/app.ini?saltenv=dev")?.path, "conf/app.ini")
        XCTAssertEqual(SaltURL("salt://conf/app.ini?saltenv=dev")?.saltenv, "dev")
        XCTAssertEqual(SaltURL("salt://odd?name")?.path, "odd?name")
        // As Salt 3008's salt.utils.url.parse reads them.
        XCTAssertEqual(SaltURL("salt:///etc/motd")?.path, "etc/motd", "an empty authority is salt://etc/motd")
        XCTAssertEqual(SaltURL("salt:///etc/motd?saltenv=dev")?.saltenv, "dev")
        XCTAssertEqual(SaltURL("salt://motd?env=dev")?.path, "motd", "?env= is dropped, not part of the path")
        XCTAssertNil(SaltURL("salt://motd?env=dev")?.saltenv, "?env= does not choose the environment")
        XCTAssertEqual(SaltURL("salt://a?saltenv=b?c")?.path, "a", "the first ?saltenv= splits")
        XCTAssertEqual(SaltURL("salt://a?saltenv=b?c")?.saltenv, "b?c")
        XCTAssertNil(SaltURL("/etc/motd"))
        XCTAssertNil(SaltURL("http://example.com/x"))
        XCTAssertEqual(SaltURL.scheme(of: "https://example.com/x"), "https")
        XCTAssertNil(SaltURL.scheme(of: "/etc/motd"))
    }

    func testRelativePaths() throws {
        XCTAssertEqual(try RelativePath.clean("a//b/./c"), "a/b/c")
        for bad in ["/etc/passwd", "../x", "a/../../x", "a/..", "", ".", "a\0b"] {
            XCTAssertThrowsError(try RelativePath.clean(bad), bad)
        }
        XCTAssertTrue(RelativePath.isWithin("/srv/salt/a", "/srv/salt"))
        XCTAssertTrue(RelativePath.isWithin("/srv/salt", "/srv/salt/"))
        XCTAssertFalse(RelativePath.isWithin("/srv/salt-dev/a", "/srv/salt"))
    }

    func testWithoutAMaster() {
        let list = call("cp.list_master")
        XCTAssertEqual(list.retcode, 1)
        XCTAssertEqual(list.value, "ERROR: the file server needs a master; this call runs without one")
        let http = call("cp.get_url", "http://example.com/x", "/tmp/x")
        XCTAssertEqual(http.value, "ERROR executing 'cp.get_url': brine-minion fetches only salt:// URLs, not http://")
        let climbing = call("cp.get_file", "salt://../etc/shadow", "/tmp/x")
        XCTAssertEqual(climbing.retcode, 1)
        XCTAssertEqual(call("cp.push", "relative/path").value, false, "Salt's answer to a relative path")
        XCTAssertEqual(call("cp.push", "/nonexistent/file").value, false)
        XCTAssertEqual(call("saltutil.sync_modules").value, "ERROR: the file server needs a master; this call runs without one")
    }
}
