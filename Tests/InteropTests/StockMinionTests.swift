import BrineCore
import BrineTesting
import XCTest

/// A stock salt-minion 3008.5 under brine-master.
final class StockMinionTests: XCTestCase {
    func testStockSaltMinionWaitsForAcceptanceThenAnswersBrine() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startSaltMinion("salt-a")

        // Pending: told so, listed as unaccepted, matched by no target, sent no publication.
        try cluster.waitUntil("salt-a to be told its key is pending", timeout: 20, logs: ["master", "salt-a"]) {
            cluster.log("salt-a").contains("The Salt Master has cached the public key for this node")
        }
        let listing = try cluster.run("brine-key", "-L")
        XCTAssertTrue(listing.stdout.contains("Unaccepted Keys:\nsalt-a\n"), listing.stdout + listing.stderr)
        let beforeAccept = try cluster.brine("-t", "2", "*", "test.ping")
        XCTAssertEqual(beforeAccept.status, 2, beforeAccept.stdout + beforeAccept.stderr)
        XCTAssertTrue(beforeAccept.stdout.contains("No minions matched the target."), beforeAccept.stdout)
        XCTAssertFalse(cluster.log("salt-a").contains("PubChannel received"), "a pending salt-minion received a job")

        try cluster.accept("salt-a")
        try cluster.waitForMinion("salt-a")

        let ping = try cluster.brine("*", "test.ping")
        XCTAssertEqual(ping.status, 0, ping.stdout + ping.stderr)
        XCTAssertEqual(ping.stdout, "salt-a:\n    True\n")

        let hi = try cluster.brine("--show-jid", "*", "cmd.run", "echo hi")
        XCTAssertEqual(hi.status, 0, hi.stdout + hi.stderr)
        let jid = try shownJID(hi)
        XCTAssertEqual(hi.stdout, "jid: \(jid)\nsalt-a:\n    hi\n")
        try cluster.waitUntil("salt-a's return in the master's job cache", timeout: 10) {
            try cluster.run("brine-run", "jobs.lookup_jid", jid).stdout == "salt-a:\n    hi\n"
        }

        let echo = try cluster.brine("--out", "json", "*", "test.echo", "grüße, 世界")
        XCTAssertEqual(echo.status, 0, echo.stdout + echo.stderr)
        XCTAssertEqual(echo.stdout, "{\n    \"salt-a\": \"gr\\u00fc\\u00dfe, \\u4e16\\u754c\"\n}\n")

        // Salt's own grains, all of them, come back through brine-master.
        let grainsRun = try cluster.brine("--out", "json", "*", "grains.items")
        XCTAssertEqual(grainsRun.status, 0, grainsRun.stderr)
        let grains = jsonReturns(grainsRun)["salt-a"] as? [String: Any] ?? [:]
        XCTAssertEqual(grains["saltversion"] as? String, "3008.5")
        XCTAssertEqual(grains["id"] as? String, "salt-a")
        XCTAssertEqual((grains["pythonversion"] as? [Any])?.count, 5, "pythonversion is Python's version_info")
        XCTAssertFalse((grains["os_family"] as? String ?? "").isEmpty, "no os_family grain")
        XCTAssertGreaterThan(grains.count, 50, "salt-minion's full grains: \(grains.keys.sorted())")
    }
}
