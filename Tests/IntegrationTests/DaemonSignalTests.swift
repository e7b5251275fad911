import BrineCore
import BrineTesting
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM stops the master and the minion in under a second; SIGHUP makes each open its log file
/// again, as logrotate expects after moving it.
final class DaemonSignalTests: XCTestCase {
    func testBothDaemonsStopWithinASecond() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")
        for process in [try XCTUnwrap(cluster.minions["alpha"]), try XCTUnwrap(cluster.master)] {
            let start = Timestamp.monotonic()
            kill(process.pid, SIGTERM)
            try cluster.waitUntil("the daemon to stop", timeout: 5) { !process.isRunning }
            XCTAssertLessThan(Timestamp.monotonic() - start, 1, "pid \(process.pid) took too long to stop")
        }
    }

    func testAHangupReopensTheLogFiles() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")
        let logs = [
            (cluster.root + "/master/var/log/brine/master", try XCTUnwrap(cluster.master)),
            (cluster.root + "/alpha/var/log/brine/minion", try XCTUnwrap(cluster.minions["alpha"])),
        ]
        for (path, process) in logs {
            XCTAssertTrue(FileSystem.exists(path), path)
            try FileSystem.move(path, to: path + ".1")
            kill(process.pid, SIGHUP)
        }
        try cluster.waitUntil("both daemons to log to new files", timeout: 10) {
            _ = try? cluster.brine("alpha", "test.ping")
            return logs.allSatisfy { !(((try? FileSystem.readString($0.0)) ?? "").isEmpty) }
        }
        XCTAssertTrue(logs.allSatisfy { $0.1.isRunning }, "a hangup does not stop a daemon")
    }
}
