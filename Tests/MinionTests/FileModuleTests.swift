import BrineCore
import BrineTesting
import MessagePack
@testable import Minion
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Every test works in a directory of its own under /tmp.
final class FileModuleTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = try TemporaryDirectory.make("file")
    }

    override func tearDown() {
        _ = call("file.remove", .text(root))
    }

    private func path(_ name: String) -> MessagePackValue { .text(root + "/" + name) }

    func testWriteReadAppendContains() {
        XCTAssertEqual(value("file.write", path("a.txt"), "one", "two"), .text("Wrote 2 lines to \"\(root)/a.txt\""))
        XCTAssertEqual(value("file.read", path("a.txt")), "one\ntwo\n")
        XCTAssertEqual(value("file.read", path("a.txt"), kwargs: ["binary": true]), .binary(Array("one\ntwo\n".utf8)))
        _ = value("file.write", path("b.txt"), kwargs: ["args": ["x", 1]])
        XCTAssertEqual(text(of: root + "/b.txt"), "x\n1\n")
        _ = value("file.touch", path("c.txt"))
        _ = value("file.append", path("c.txt"), "first")
        XCTAssertEqual(text(of: root + "/c.txt"), "first\n")
        _ = call("cmd.run", .text("printf 'no newline' > \(root)/d.txt"))
        XCTAssertEqual(value("file.append", path("d.txt"), "next"), .text("Wrote 1 lines to \"\(root)/d.txt\""))
        XCTAssertEqual(text(of: root + "/d.txt"), "no newline\nnext\n")
        XCTAssertEqual(value("file.contains", path("a.txt"), "  two "), true)
        XCTAssertEqual(value("file.contains", path("a.txt"), "three"), false)
        XCTAssertEqual(value("file.contains", path("missing"), "x"), false)
        let missing = call("file.read", path("missing"))
        XCTAssertEqual(missing.retcode, 1)
        XCTAssertEqual(missing.value, .text("ERROR: [Errno 2] No such file or directory: '\(root)/missing'"))
        XCTAssertEqual(call("file.append", path("missing"), "x").retcode, 1, "append needs an existing file, as in Salt")
    }

    func testExistsStatsAndHashes() throws {
        _ = value("file.write", path("h.txt"), "hello")
        XCTAssertEqual(value("file.file_exists", path("h.txt")), true)
        XCTAssertEqual(value("file.file_exists", .text(root)), false)
        XCTAssertEqual(value("file.directory_exists", .text(root)), true)
        XCTAssertEqual(value("file.get_hash", path("h.txt")), "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
        XCTAssertEqual(value("file.get_hash", path("h.txt"), "md5", 3), "b1946ac92492d2347c6235b4d2611184")
        XCTAssertEqual(value("file.get_hash", path("h.txt"), "sha512").stringValue?.count, 128)
        XCTAssertEqual(call("file.get_hash", path("h.txt"), "sha3").value, "ERROR executing 'file.get_hash': Invalid hash type: sha3")
        chmod(root + "/h.txt", 0o640)
        symlink(root + "/h.txt", root + "/link")
        let stats = value("file.stats", path("link"), kwargs: ["hash_type": "md5"])
        XCTAssertEqual(stats["type"], "file")
        XCTAssertEqual(stats["size"], 6)
        XCTAssertEqual(stats["mode"], "0640")
        XCTAssertEqual(stats["sum"], "b1946ac92492d2347c6235b4d2611184")
        XCTAssertEqual(stats["target"], .text(FileModule.resolved(root + "/h.txt")))
        XCTAssertEqual(stats["user"], .text(Accounts.userName(uid: Int(geteuid())) ?? ""))
        XCTAssertNotNil(stats["mtime"]?.doubleValue)
        XCTAssertEqual(value("file.stats", path("link"), kwargs: ["follow_symlinks": false])["type"], "link")
        XCTAssertEqual(call("file.stats", path("missing")).value, .text("ERROR: Path not found: \(root)/missing"))
    }

    func testTouchMkdirRemove() {
        XCTAssertEqual(value("file.touch", path("t"), kwargs: ["mtime": 1_700_000_000]), true)
        XCTAssertEqual(value("file.stats", path("t"))["mtime"], 1_700_000_000.0)
        XCTAssertEqual(value("file.mkdir", path("x/y/z"), kwargs: ["mode": "750"]), true)
        XCTAssertEqual(value("file.stats", path("x/y/z"))["mode"], "0750")
        XCTAssertEqual(value("file.stats", path("x"))["type"], "dir")
        _ = value("file.write", path("x/y/.hidden"), "x")
        XCTAssertEqual(value("file.remove", path("x")), true)
        XCTAssertEqual(value("file.directory_exists", path("x")), false)
        XCTAssertEqual(value("file.remove", path("x")), false)
        XCTAssertEqual(call("file.remove", "relative/path").value, "ERROR executing 'file.remove': File path must be absolute: relative/path")
    }

    func testFind() {
        _ = value("file.mkdir", path("etc/conf.d"))
        _ = value("file.write", path("etc/a.conf"), "x")
        _ = value("file.write", path("etc/conf.d/b.conf"), .text(String(repeating: "y", count: 2000)))
        _ = value("file.write", path("etc/notes.txt"), "z")
        symlink(root + "/etc/a.conf", root + "/etc/link.conf")
        let base = root + "/etc"
        XCTAssertEqual(value("file.find", .text(base), kwargs: ["name": "*.conf"]),
                       .array(["/a.conf", "/conf.d/b.conf", "/link.conf"].map { .text(base + $0) }))
        XCTAssertEqual(value("file.find", .text(base), kwargs: ["name": "*.conf", "type": "f"]),
                       .array(["/a.conf", "/conf.d/b.conf"].map { .text(base + $0) }))
        XCTAssertEqual(value("file.find", .text(base), kwargs: ["type": "l"]), [.text(base + "/link.conf")])
        XCTAssertEqual(value("file.find", .text(base), kwargs: ["type": "d"]), [.text(base), .text(base + "/conf.d")])
        XCTAssertEqual(value("file.find", .text(base), kwargs: ["type": "f", "size": "+1k"]), [.text(base + "/conf.d/b.conf")])
        XCTAssertEqual(value("file.find", .text(base), kwargs: ["type": "f", "size": "-10"]),
                       .array(["/a.conf", "/notes.txt"].map { .text(base + $0) }))
        XCTAssertEqual(value("file.find", .text(base), kwargs: ["maxdepth": 1, "mindepth": 1, "iname": "*.CONF", "type": "f"]), [.text(base + "/a.conf")])
        XCTAssertEqual(value("file.find", .text(root + "/e*"), kwargs: ["regex": "no.*"]), [.text(base + "/notes.txt")], "the path is a glob")
        XCTAssertEqual(call("file.find", .text(base), kwargs: ["type": "q"]).value, "ERROR executing 'file.find': invalid file type \"q\"")
        XCTAssertEqual(call("file.find", .text(base), kwargs: ["colour": "red"]).value, "ERROR executing 'file.find': invalid option \"colour\"")
        XCTAssertEqual(call("file.find", .text(base), "delete").retcode, 1, "deleting is not offered")
    }

    func testReplace() {
        let lines = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        _ = value("file.write", path("r.txt"), kwargs: ["args": .array(lines.map(MessagePackValue.text))])
        let diff = value("file.replace", path("r.txt"), "^(t|n)(\\w+)o$|^nine$", "\\1\\2O")
        XCTAssertEqual(diff, "--- \n+++ \n@@ -1,10 +1,10 @@\n one\n-two\n+twO\n three\n four\n five\n six\n seven\n eight\n-nine\n+O\n ten\n")
        XCTAssertEqual(text(of: root + "/r.txt.bak"), lines.map { $0 + "\n" }.joined(), "the original is kept")
        XCTAssertEqual(value("file.replace", path("r.txt"), "zzz", "y"), "", "no change, no diff")
        XCTAssertEqual(value("file.replace", path("r.txt"), "e", "E", kwargs: ["count": 1, "show_changes": false]), true)
        XCTAssertTrue(text(of: root + "/r.txt").hasPrefix("onE\ntwO\nthree\n"))
        XCTAssertEqual(value("file.replace", path("r.txt"), "THREE", "3", kwargs: ["flags": ["IGNORECASE"], "dry_run": true, "show_changes": false]), true)
        XCTAssertTrue(text(of: root + "/r.txt").contains("three"), "dry_run changes nothing")
        XCTAssertEqual(value("file.replace", path("r.txt"), "^ten$", "x", kwargs: ["search_only": true]), true)
        _ = value("file.replace", path("r.txt"), "^eleven$", "eleven", kwargs: ["append_if_not_found": true, "backup": false])
        XCTAssertTrue(text(of: root + "/r.txt").hasSuffix("ten\neleven\n"))
        XCTAssertEqual(value("file.replace", path("r.txt"), "^eleven$", "eleven", kwargs: ["append_if_not_found": true]), "")
        XCTAssertEqual(value("file.replace", path("missing"), "a", "b", kwargs: ["ignore_if_missing": true]), false)
        XCTAssertEqual(call("file.replace", path("missing"), "a", "b").value, .text("ERROR executing 'file.replace': File not found: \(root)/missing"))
        XCTAssertEqual(call("file.replace", path("r.txt"), "a", "\\q").value, "ERROR executing 'file.replace': bad escape \\q")
    }

    func testSubstitutionTemplates() throws {
        let pattern = try PythonSubstitution(pattern: "(\\w+)@(?<d>\\w+)", flags: 8)
        let (text, count) = try pattern.substitute("\\2:\\1 \\g<d>\\n", in: "me@host you@there", count: 0)
        XCTAssertEqual(text, "host:me host\n there:you there\n")
        XCTAssertEqual(count, 2)
        XCTAssertEqual(PythonSubstitution.escape("a.b*c"), "a\\.b\\*c")
    }

    func testUnifiedDiffMatchesDifflib() {
        let numbered = (1...20).map { "l\($0)\n" }
        var changed = numbered
        changed[1] = "X\n"
        changed[17] = "Y\n"
        XCTAssertEqual(UnifiedDiff.diff(numbered, changed),
                       "--- \n+++ \n@@ -1,5 +1,5 @@\n l1\n-l2\n+X\n l3\n l4\n l5\n@@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18\n+Y\n l19\n l20\n")
        XCTAssertEqual(UnifiedDiff.diff(["a\n", "b\n", "c"], ["a\n", "B\n", "c\n", "d\n"]), "--- \n+++ \n@@ -1,3 +1,4 @@\n a\n-b\n-c+B\n+c\n+d\n")
        XCTAssertEqual(UnifiedDiff.diff(["x\n", "y\n"], ["y\n", "z\n"]), "--- \n+++ \n@@ -1,2 +1,2 @@\n-x\n y\n+z\n")
        XCTAssertEqual(UnifiedDiff.diff([], ["new\n"]), "--- \n+++ \n@@ -0,0 +1 @@\n+new\n")
        XCTAssertEqual(UnifiedDiff.diff(["same\n"], ["same\n"]), "")
        XCTAssertEqual(FileModule.splitLines("a\r\nb\rc\nd"), ["a\r\n", "b\r", "c\n", "d"])
    }
}
