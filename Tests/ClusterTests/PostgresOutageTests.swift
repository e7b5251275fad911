import BrineCore
import BrineTesting
import XCTest

/// The database of a master stops while a minion's return is on its way: the master acknowledges
/// nothing it could not commit, says so in its log, and once the database is back the minion's spool
/// delivers the return. Nothing is lost.
final class PostgresOutageTests: XCTestCase {
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
