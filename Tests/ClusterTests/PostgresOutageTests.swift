import BrineCore
import BrineTesting
import JobCache
import XCTest

/// The database of a master stops while a minion's return is on its way: the master acknowledges
/// nothing it could not commit, says so in its log, and once the database is back the minion's spool
/// delivers the return. Nothing is lost.
final class PostgresOutageTests: XCTestCase {
    /// The database stops in the middle of a burst of returns from 20 senders: every return the master
    /// acknowledged is in the database once it is back, and the master takes returns again.
    func testNothingIsAcknowledgedThatTheDatabaseDidNotCommit() throws {
        guard TestPostgres.clusterDirectory != nil, let database = try TestPostgres.freshDatabase("burst") else {
            throw XCTSkip(TestPostgres.skipReason)
        }
        let cluster = try TestCluster(masterOptions: "auto_accept: True\n" + TestPostgres.masterOptions(database))
        defer { cluster.stop() }
        try cluster.startMaster()
        let sender = try ReturnSender(retPort: cluster.retPort, count: 20, returns: 400, prefix: "burst")
        defer { sender.close() }
        var halted = false
        defer { if halted { try? TestPostgres.cluster("resume") } }
        try sender.run(idleLimit: 3) { acknowledged in
            if acknowledged >= 2000 && !halted {
                halted = (try? TestPostgres.cluster("halt")) != nil
            }
            return false
        }
        XCTAssertTrue(halted, "the database was stopped mid-burst")
        XCTAssertLessThan(sender.acknowledged.count, 8000, "returns went unacknowledged while the database was down")
        try TestPostgres.cluster("resume")
        halted = false
        let cache = try PostgresJobCache(settings: database, migrate: false)
        var stored: Set<ReturnSender.Sent> = []
        for jid in Set(sender.acknowledged.map(\.jid)) {
            for record in try cache.returns(jid) { stored.insert(ReturnSender.Sent(jid: record.jid, minion: record.minion)) }
        }
        XCTAssertEqual(sender.acknowledged.filter { !stored.contains($0) }.count, 0, "acknowledged returns missing")
        let after = try ReturnSender(retPort: cluster.retPort, count: 2, returns: 50, prefix: "after")
        defer { after.close() }
        try after.run(idleLimit: 10)
        XCTAssertEqual(after.acknowledged.count, 100, "returns taken once the database is back")
    }

    func testAReturnSentWhileTheDatabaseIsDownArrivesOnceItIsBack() throws {
        guard TestPostgres.clusterDirectory != nil, let database = try TestPostgres.freshDatabase("outage") else {
            throw XCTSkip(TestPostgres.skipReason)
        }
        let cluster = try TestCluster(masterOptions: TestPostgres.masterOptions(database))
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("gamma")
        let jid = try cluster.publishAsync("gamma", "test.sleep", "2")
        try TestPostgres.cluster("halt")
        var resumed = false
        defer { if !resumed { try? TestPostgres.cluster("resume") } }
        try cluster.waitUntil("the master to find its job cache gone", timeout: 20, logs: ["master", "gamma"]) {
            cluster.log("master").contains("cannot be reached")
        }
        // The return was refused at least once: the minion keeps it in its spool meanwhile.
        usleep(3_000_000)
        try TestPostgres.cluster("resume")
        resumed = true
        var lookup = ""
        try cluster.waitUntil("gamma's return after the database came back: \(lookup)", timeout: 30, logs: ["master", "gamma"]) {
            lookup = (try? cluster.run("brine-run", "--out", "json", "jobs.lookup_jid", jid).stdout) ?? ""
            return lookup.contains("\"gamma\": true")
        }
        try cluster.waitUntil("the master to say its job cache is back", timeout: 10) {
            cluster.log("master").contains("job cache: reachable again")
        }
    }
}
