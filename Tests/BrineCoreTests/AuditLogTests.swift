import BrineCore
import BrineTesting
import MessagePack
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class AuditLogTests: XCTestCase {
    func testLinesAreJSONWithSecretsRedactedAndTheFileReopens() throws {
        let directory = try TemporaryDirectory.make("audit")
        let path = directory + "/audit.log"
        let log = try AuditLog(path: path, redact: ["*pass*", "token"])
        let arguments: [MessagePackValue] = ["echo hi", "password=hunter2", ["__kwarg__": true, "db_password": "s3cret", "Token": "t", "user": "bob"]]
        try log.record("publish", [MessagePackPair("fun", "cmd.run"), MessagePackPair("arg", .array(log.redacted(arguments)))])
        let line = try FileSystem.readString(path)
        XCTAssertTrue(line.hasPrefix("{\"time\": \""), line)
        XCTAssertTrue(line.hasSuffix("\"event\": \"publish\", \"fun\": \"cmd.run\", \"arg\": [\"echo hi\", \"password=<redacted>\", {\"__kwarg__\": true, \"db_password\": \"<redacted>\", \"Token\": \"<redacted>\", \"user\": \"bob\"}]}\n"), line)
        XCTAssertFalse(line.contains("hunter2") || line.contains("s3cret"))

        var info = stat()
        stat(path, &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)

        // logrotate moves the file, then SIGHUP: the next line goes to a new file.
        try FileSystem.move(path, to: path + ".1")
        try log.reopen()
        try log.record("key", [MessagePackPair("action", "accept")])
        XCTAssertTrue(try FileSystem.readString(path).contains("\"action\": \"accept\""))
        XCTAssertEqual(try FileSystem.readString(path + ".1").split(separator: "\n").count, 1)
    }

    func testNoPathWritesNothing() throws {
        let log = try AuditLog(path: nil, redact: [])
        XCTAssertNoThrow(try log.record("publish", []))
    }
}
