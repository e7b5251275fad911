import BrineCore
import BrineTesting
import XCTest

/// Two brine-masters on one PostgreSQL: jobs and returns visible from both, key states shared, and a
/// delete on one master locking the minion out of both.
final class SharedPostgresTests: XCTestCase {
    /// A minion talking only to master b is accepted with `brine-key` on master a, then answers a job
    /// published by b; `brine-run jobs.lookup_jid` on a shows the return.
    func testAKeyAcceptedOnOneMasterAnswersTheOtherAndJobsAreVisibleFromBoth() throws {
        let masters = try TwoMasters("crossmaster")
        defer { masters.stop() }
        try masters.start()
        try masters.b.startMinion("beta")
        // b stored the pending key and published it; a's maintenance brings it into a's pki dir.
        try masters.waitForKey("beta", in: "minions_pre", on: masters.a)
        try masters.a.accept("beta")
        try masters.waitForKey("beta", in: "minions", on: masters.b)
        try masters.b.waitForMinion("beta")

        let jid = try masters.b.publishAsync("beta", "test.echo", "from b")
        var lookup = ""
        try masters.a.waitUntil("the return of beta in a's lookup: \(lookup)", timeout: 15) {
            lookup = try masters.a.run("brine-run", "--out", "json", "jobs.lookup_jid", jid).stdout
            return lookup.contains("\"beta\": \"from b\"")
        }
        let listing = try masters.a.run("brine-run", "--out", "json", "jobs.list_jobs", "search_function=test.echo").stdout
        XCTAssertTrue(listing.contains(jid), listing)
    }

    /// `brine-key -d` on one master: the key leaves both pki dirs, and each master drops the minion's
    /// session and rotates its AES key, so neither master's jobs reach it any more.
    func testADeleteOnOneMasterLocksTheMinionOutOfBoth() throws {
        let masters = try TwoMasters("lockout")
        defer { masters.stop() }
        try masters.start()
        try masters.a.startMinion("alpha")
        try masters.b.startMinion("beta")
        try masters.a.accept("alpha")
        try masters.waitForKey("beta", in: "minions_pre", on: masters.a)
        try masters.a.accept("beta")
        try masters.a.waitForMinion("alpha")
        try masters.b.waitForMinion("beta")

        // Deleted on the master each minion does not talk to.
        XCTAssertEqual(try masters.b.run("brine-key", "-d", "alpha", "-y").status, 0)
        XCTAssertEqual(try masters.a.run("brine-key", "-d", "beta", "-y").status, 0)
        for (id, cluster) in [("alpha", masters.a), ("beta", masters.b)] {
            try cluster.waitUntil("\(cluster.root)'s master to drop \(id)", timeout: 10) {
                cluster.log("master").split(separator: "\n").contains { $0.contains("no longer accepted") && $0.contains(id) }
            }
            XCTAssertFalse(FileSystem.exists(cluster.masterPKIDir + "/minions/\(id)"))
            XCTAssertTrue(cluster.log("master").contains("rotated the AES key after a key change"))
        }
        try masters.waitForKey("alpha", in: nil, on: masters.b)
        try masters.waitForKey("beta", in: nil, on: masters.a)
        // Neither master has a minion to send a job to, and neither minion answers one.
        for cluster in [masters.a, masters.b] {
            let ping = try cluster.brine("-t", "2", "--gather-job-timeout", "1", "*", "test.ping")
            XCTAssertNotEqual(ping.status, 0, ping.stdout + ping.stderr)
            XCTAssertFalse(ping.stdout.contains("True"), ping.stdout)
        }
    }
}
