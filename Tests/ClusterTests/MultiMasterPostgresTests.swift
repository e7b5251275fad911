import BrineCore
import BrineTesting
import XCTest

/// Minions with `master: [a, b]` under two brine-masters on one PostgreSQL: the key accepted once, on
/// one master; jobs from either master answered; every return visible from both; a failover that loses
/// nothing.
final class MultiMasterPostgresTests: XCTestCase {
    /// Waits until `jobs.lookup_jid` on `cluster` shows `minion`'s return of `jid` as `value` (JSON).
    private func waitForReturn(_ jid: String, of minion: String, _ value: String, on cluster: TestCluster, logs: [String]) throws {
        var lookup = ""
        try cluster.waitUntil("\(minion)'s return of \(jid) in \(cluster.interface)'s lookup: \(lookup)", timeout: 15, logs: logs) {
            lookup = try cluster.run("brine-run", "--out", "json", "jobs.lookup_jid", jid).stdout
            return lookup.contains("\"\(minion)\": \(value)")
        }
    }

    /// Hot multi-master with a brine-minion and with a stock salt-minion: accepted on a only, both answer
    /// jobs from a and from b, and each return is in the cache both masters read.
    func testHotMinionsAnswerBothMastersAndEveryReturnIsVisibleFromBoth() throws {
        let masters = try TwoMasters("hot")
        defer { masters.stop() }
        try masters.start()
        masters.a.minionMaster = "[127.0.0.1, 127.0.0.2]"
        try masters.a.startMinion("brine-m")
        try masters.a.startSaltMinion("salt-m")
        for id in ["brine-m", "salt-m"] {
            try masters.a.accept(id)
            try masters.waitForKey(id, in: "minions", on: masters.b)
        }
        for id in ["brine-m", "salt-m"] {
            try masters.a.waitForMinion(id, timeout: 60)
            try masters.b.waitForMinion(id, timeout: 60)
        }
        for (publisher, word) in [(masters.a, "from a"), (masters.b, "from b")] {
            let jid = try publisher.publishAsync("-L", "brine-m,salt-m", "test.echo", word)
            for cluster in [masters.a, masters.b] {
                for id in ["brine-m", "salt-m"] {
                    try waitForReturn(jid, of: id, "\"\(word)\"", on: cluster, logs: ["master", id])
                }
            }
        }
    }

    /// Failover with a shared cache: the minion's key is accepted on a only (b learns it from the
    /// database); kill -9 of a during a job moves the minion to b within master_alive_interval + 5 s, and
    /// the job a published is looked up on b with its return.
    func testAFailoverMinionMovesToTheSurvivorAndTheJobCacheLosesNothing() throws {
        let masters = try TwoMasters("failover")
        defer { masters.stop() }
        try masters.start()
        let (a, b) = (masters.a, masters.b)
        a.minionMaster = "[127.0.0.1, 127.0.0.2]"
        let aliveInterval = 2.0
        try a.startMinion("alpha", options: "master_type: failover\nmaster_alive_interval: \(Int(aliveInterval))")
        try a.accept("alpha")
        try masters.waitForKey("alpha", in: "minions", on: b)
        try a.waitForMinion("alpha")
        let jid = try a.publishAsync("alpha", "test.sleep", "3")
        try a.waitUntil("alpha to start \(jid)", timeout: 10, logs: ["alpha"]) { a.minion("alpha", ran: jid) }
        a.master?.crash()
        let killed = Timestamp.monotonic()
        try b.waitUntil("alpha to answer master b", timeout: aliveInterval + 10, logs: ["master", "alpha"]) {
            ((try? b.brine("-t", "1", "--gather-job-timeout", "1", "alpha", "test.ping"))?.stdout ?? "") == "alpha:\n    True\n"
        }
        let moved = Timestamp.monotonic() - killed
        print("failover on PostgreSQL: alpha answers master b \(String(format: "%.1f", moved)) s after master a was killed")
        XCTAssertLessThanOrEqual(moved, aliveInterval + 5)
        try waitForReturn(jid, of: "alpha", "true", on: b, logs: ["master", "alpha"])
    }
}
