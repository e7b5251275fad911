import BrineCore
import BrineTesting
import JobCache
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// (a) kill -9 of the master in the middle of a burst of returns: every return it acknowledged is in
/// the job cache when it comes back. (b) master stopped, minions finish their jobs and are restarted,
/// master started: every return arrives, and the minions answer again within seconds.
final class MasterCrashTests: XCTestCase {
    func testAMasterKilledDuringABurstLosesNothingItAcknowledged() throws {
        let cluster = try TestCluster(masterOptions: "auto_accept: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        let sender = try ReturnSender(retPort: cluster.retPort, count: 20, returns: 400, prefix: "burst")
        defer { sender.close() }
        var killed = false
        try sender.run(idleLimit: 3) { acknowledged in
            if acknowledged >= 2000 && !killed {
                cluster.master?.crash()
                killed = true
            }
            return false
        }
        XCTAssertTrue(killed, "the master was killed mid-burst")
        let cachedir = try MasterConfig.load(configDir: cluster.masterConfigDir).cachedir
        let cache = try JobCache(readingAt: JobCache.path(cachedir: cachedir))
        var stored: Set<ReturnSender.Sent> = []
        for jid in Set(sender.acknowledged.map(\.jid)) {
            for record in try cache.returns(jid) { stored.insert(ReturnSender.Sent(jid: record.jid, minion: record.minion)) }
        }
        let lost = sender.acknowledged.filter { !stored.contains($0) }.count
        FaultReport.line("a", "master kill -9 during a burst of returns", lost: lost, of: sender.acknowledged.count, "acknowledged returns")
        XCTAssertEqual(lost, 0)
    }

    func testReturnsFinishedWhileTheMasterIsDownAllArriveAfterMinionRestarts() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let ids = ["alpha", "beta", "gamma"]
        try cluster.startMaster()
        for id in ids { try cluster.startMinion(id) }
        for id in ids { try cluster.accept(id) }
        for id in ids { try cluster.waitForMinion(id) }
        let jid = try cluster.publishAsync("*", "test.sleep", "1")
        cluster.stopMaster()
        try cluster.waitUntil("every minion to spool its return", timeout: 20) {
            ids.allSatisfy { id in FileSystem.list(cluster.root + "/\(id)/var/cache/brine/minion/return_spool").contains { $0.hasSuffix(".return") } }
        }
        for id in ids { cluster.stopMinion(id) }
        for id in ids { try cluster.startMinion(id) }
        let restarted = Timestamp.monotonic()
        try cluster.startMaster()
        var found: [String] = []
        try? cluster.waitUntil("every return to reach the job cache", timeout: 20) {
            let listing = (try? cluster.run("brine-run", "jobs.lookup_jid", jid))?.stdout ?? ""
            found = ids.filter { listing.contains("\($0):\n    True") }
            return found.count == ids.count
        }
        let arrived = Timestamp.monotonic() - restarted
        try cluster.waitUntil("every minion to answer again", timeout: 20) {
            ((try? cluster.brine("-t", "3", "*", "test.ping"))?.status ?? 1) == 0
        }
        let answering = Timestamp.monotonic() - restarted
        FaultReport.line("b", "master stopped, minions finish and restart, master started", lost: ids.count - found.count, of: ids.count,
                         "returns", ["all returned \(FaultReport.seconds(arrived)) after the master started", "all answer test.ping after \(FaultReport.seconds(answering))"])
        XCTAssertEqual(found.count, ids.count)
        XCTAssertLessThan(answering, 5, "minions answer within 5 s of a master restart")
    }
}
