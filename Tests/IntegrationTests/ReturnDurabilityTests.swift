import BrineCore
import BrineTesting
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Returns the master has not taken survive on the minion's disk: a minion restarted while its master
/// is down still delivers them, and a minion stopped mid-job reports the job as interrupted.
final class ReturnDurabilityTests: XCTestCase {
    func testReturnsFinishedWhileTheMasterIsDownSurviveAMinionRestart() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")
        let jid = try cluster.publishAsync("alpha", "test.sleep", "1")
        cluster.master?.crash()
        let spool = cluster.root + "/alpha/var/cache/brine/minion/return_spool"
        try cluster.waitUntil("the minion to finish the job and spool its return", timeout: 20) {
            FileSystem.list(spool).contains { $0.hasSuffix(".return") }
        }
        cluster.stopMinion("alpha")
        try cluster.startMaster()
        try cluster.startMinion("alpha")
        try cluster.waitUntil("the return to reach the job cache", timeout: 20) {
            ((try? cluster.run("brine-run", "jobs.lookup_jid", jid))?.stdout ?? "").contains("alpha:\n    True")
        }
    }

    func testAMinionStoppedMidJobReportsTheJobInterrupted() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")
        let jid = try cluster.publishAsync("alpha", "cmd.run", "sleep 30")
        try cluster.waitUntil("the job to start", timeout: 10) { cluster.log("alpha").contains("job \(jid): cmd.run") }
        let minion = try XCTUnwrap(cluster.minions["alpha"])
        let stopping = Timestamp.monotonic()
        kill(minion.pid, SIGTERM)
        try cluster.waitUntil("the minion to stop", timeout: 5) { !minion.isRunning }
        XCTAssertLessThan(Timestamp.monotonic() - stopping, 1.5, "a stop takes under a second")
        cluster.stopMinion("alpha")
        try cluster.startMinion("alpha")
        try cluster.waitUntil("the interrupted return to reach the job cache", timeout: 20) {
            ((try? cluster.run("brine-run", "jobs.lookup_jid", jid))?.stdout ?? "").contains("the job was interrupted")
        }
    }
}
