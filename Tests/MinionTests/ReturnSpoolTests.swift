@testable import Minion
import BrineCore
import BrineTesting
import Logging
import MessagePack
import SaltWire
import XCTest

/// The minion's return spool: what is pushed is on disk before it is sent, survives a restart, goes out
/// oldest first, and a full spool drops its oldest return with a log line rather than growing.
final class ReturnSpoolTests: XCTestCase {
    let logger = Logger(label: "test")

    func ret(_ jid: String, _ value: MessagePackValue = true) -> JobReturn {
        JobReturn(jid: jid, value: value, retcode: 0, success: true, function: "test.ping", functionArguments: [])
    }

    func testReturnsAreOnDiskAndSurviveARestartInOrder() throws {
        let directory = try TemporaryDirectory.make("spool-test") + "/return_spool"
        let limits = ReturnSpool.Limits(count: 100, bytes: 1 << 20)
        do {
            let spool = try ReturnSpool(directory: directory, limits: limits, logger: logger)
            spool.push(ret("20261206120000000001"))
            spool.push(ret("20261206120000000002"))
            XCTAssertEqual(FileSystem.list(directory).count, 2, "written before anything is sent")
        }
        let reopened = try ReturnSpool(directory: directory, limits: limits, logger: logger)
        XCTAssertEqual(reopened.count, 2)
        let (first, oldest) = try XCTUnwrap(reopened.first)
        XCTAssertEqual(oldest.jid, "20261206120000000001")
        reopened.remove(first)
        XCTAssertEqual(reopened.first?.1.jid, "20261206120000000002")
        reopened.push(ret("20261206120000000003"))
        XCTAssertEqual(try ReturnSpool(directory: directory, limits: limits, logger: logger).first?.1.jid, "20261206120000000002",
                       "a return pushed after a restart sorts after the ones left from before")
    }

    func testAFullSpoolDropsItsOldest() throws {
        let directory = try TemporaryDirectory.make("spool-test") + "/return_spool"
        let spool = try ReturnSpool(directory: directory, limits: ReturnSpool.Limits(count: 2, bytes: 1 << 20), logger: logger)
        for index in 1...3 { spool.push(ret("2026120612000000000\(index)")) }
        XCTAssertEqual(spool.count, 2)
        XCTAssertEqual(spool.first?.1.jid, "20261206120000000002")
        XCTAssertEqual(FileSystem.list(directory).count, 2)
        let bytes = try ReturnSpool(directory: directory + "2", limits: ReturnSpool.Limits(count: 10, bytes: 200), logger: logger)
        bytes.push(ret("20261206120000000001", .text(String(repeating: "x", count: 150))))
        bytes.push(ret("20261206120000000002", .text(String(repeating: "y", count: 150))))
        XCTAssertEqual(bytes.count, 1, "past the byte bound, the oldest goes")
        XCTAssertEqual(bytes.first?.1.jid, "20261206120000000002")
    }

    /// With several masters each return remembers the one that published its job, across a restart,
    /// and each master's returns go out oldest first.
    func testEachReturnRemembersItsMaster() throws {
        let directory = try TemporaryDirectory.make("spool-test") + "/return_spool"
        let limits = ReturnSpool.Limits(count: 100, bytes: 1 << 20)
        do {
            let spool = try ReturnSpool(directory: directory, limits: limits, logger: logger)
            spool.push(ret("20261206120000000001"), master: "127.0.0.2")
            spool.push(ret("20261206120000000002"), master: "127.0.0.1")
            spool.push(ret("20261206120000000003"))
        }
        let spool = try ReturnSpool(directory: directory, limits: limits, logger: logger)
        XCTAssertEqual(spool.first?.0.master, "127.0.0.2")
        XCTAssertEqual(spool.first { $0.master == "127.0.0.1" }?.1.jid, "20261206120000000002")
        XCTAssertEqual(spool.first { $0.master == nil }?.1.jid, "20261206120000000003")
        XCTAssertNil(ReturnSpool.parse("00000000000000000001@x.return.tmp1"))
        XCTAssertEqual(ReturnSpool.parse("00000000000000000007@db.example.com.return")?.1, "db.example.com")
    }

    func testLeftoversThatAreNotReturnsAreRemoved() throws {
        let directory = try TemporaryDirectory.make("spool-test") + "/return_spool"
        XCTAssertTrue(FileSystem.makeDirectories(directory, mode: 0o700))
        try FileSystem.write(directory + "/00000000000000000001.return.tmp1234", [1, 2, 3])
        try FileSystem.write(directory + "/00000000000000000002.return", [0xc1])
        let spool = try ReturnSpool(directory: directory, limits: ReturnSpool.Limits(count: 10, bytes: 1 << 20), logger: logger)
        XCTAssertEqual(spool.count, 0)
        XCTAssertEqual(FileSystem.list(directory), [])
    }
}
