import BrineCore
import MessagePack
@testable import Minion
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Reads the real package database; nothing is installed or removed.
final class PkgModuleTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipIf(ProcessRunner.which("dpkg-query") == nil, "not a Debian-family host")
    }

    private func dpkgVersion(_ name: String) throws -> String {
        try ProcessRunner.run(["dpkg-query", "-W", "-f=${Version}", name]).stdout
    }

    func testListAndVersion() throws {
        let bash = try dpkgVersion("bash")
        XCTAssertEqual(value("pkg.list_pkgs")["bash"], .text(bash))
        XCTAssertEqual(value("pkg.list_pkgs", kwargs: ["versions_as_list": true])["bash"], [.text(bash)])
        XCTAssertEqual(value("pkg.version", "bash"), .text(bash))
        XCTAssertEqual(value("pkg.version", "no-such-package-here"), "")
        let two = value("pkg.version", "bash", "no-such-package-here")
        XCTAssertEqual(two, ["bash": .text(bash), "no-such-package-here": ""])
        XCTAssertEqual(value("pkg.version", "bas*")["bash"], .text(bash), "a glob returns a dict")
    }

    func testLatestVersionWithoutRefreshing() throws {
        let latest = value("pkg.latest_version", "bash", kwargs: ["refresh": false])
        XCTAssertNotNil(latest.stringValue, "'' when bash is current, else the candidate")
        XCTAssertEqual(value("pkg.latest_version"), "")
        XCTAssertEqual(value("pkg.upgrade_available", "bash", kwargs: ["refresh": false]), .bool(!(latest.stringValue ?? "").isEmpty))
    }

    func testNothingToDo() {
        XCTAssertEqual(value("pkg.remove", "no-such-package-here"), [:], "nothing installed matches: apt-get is not run")
        XCTAssertEqual(value("pkg.install"), [:])
        XCTAssertEqual(call("pkg.remove").value, "ERROR executing 'pkg.remove': One of name or pkgs must be specified")
    }

    func testDebianVersionOrder() {
        let ordered = ["1.0~rc1", "1.0", "1.0-1", "1.0-1ubuntu1", "1.0a", "1.0+b1", "1.1", "1.10", "2:0.1"]
        for (lower, higher) in zip(ordered, ordered.dropFirst()) {
            XCTAssertLessThan(DebianVersion(lower), DebianVersion(higher), "\(lower) < \(higher)")
        }
        XCTAssertEqual(DebianVersion("1.01"), DebianVersion("1.1"))
        XCTAssertEqual(DebianVersion("0:5.2-1"), DebianVersion("5.2-1"))
    }
}

final class ServiceModuleTests: XCTestCase {
    func testServiceNeedsSystemd() throws {
        let booted = FileSystem.isDirectory("/run/systemd/system") && ProcessRunner.which("systemctl") != nil
        for function in ["service.status", "service.start", "service.stop", "service.restart", "service.reload", "service.enabled",
                         "service.enable", "service.disable"] {
            let outcome = call(function, "brine-test-nonexistent")
            if booted {
                XCTAssertNotNil(outcome.value.boolValue ?? outcome.value.stringValue, function)
            } else {
                XCTAssertEqual(outcome.retcode, 1, function)
                XCTAssertTrue(outcome.value.stringValue?.hasPrefix("ERROR: The service module needs systemd") ?? false, "\(function): \(outcome.value)")
            }
        }
        if !booted {
            XCTAssertEqual(call("service.get_all").retcode, 1)
            XCTAssertEqual(call("service.get_running").retcode, 1)
        }
    }

    func testUnitNames() {
        XCTAssertEqual(ServiceModule.unit("nginx"), "nginx.service")
        XCTAssertEqual(ServiceModule.unit("sshd.socket"), "sshd.socket")
        XCTAssertEqual(ServiceModule.shortName("nginx.service"), "nginx")
        XCTAssertEqual(ServiceModule.shortName("fstrim.timer"), "fstrim.timer")
        XCTAssertNil(ServiceModule.shortName("README"))
    }
}

final class UserAndEnvironTests: XCTestCase {
    func testUsers() {
        let root = value("user.info", "root")
        XCTAssertEqual(root["uid"], 0)
        XCTAssertEqual(root["gid"], 0)
        XCTAssertEqual(root["name"], "root")
        XCTAssertTrue(root["groups"]?.arrayValue?.contains("root") ?? false)
        for key in ["home", "shell", "passwd", "fullname", "roomnumber", "workphone", "homephone", "other"] {
            XCTAssertNotNil(root[key]?.stringValue, key)
        }
        XCTAssertEqual(value("user.info", "no-such-user-here"), [:])
        XCTAssertTrue(value("user.list_users").arrayValue?.contains("root") ?? false)
    }

    func testEnvironment() {
        XCTAssertEqual(value("environ.get", "PATH"), .text(String(cString: getenv("PATH"))))
        XCTAssertEqual(value("environ.get", "BRINE_NO_SUCH_VARIABLE"), "")
        XCTAssertEqual(value("environ.get", "BRINE_NO_SUCH_VARIABLE", "fallback"), "fallback")
        XCTAssertEqual(value("environ.items")["PATH"], .text(String(cString: getenv("PATH"))))
    }
}
