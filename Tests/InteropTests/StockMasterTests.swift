import BrineCore
import BrineTesting
import XCTest

/// A brine-minion under a stock salt-master 3008.5, driven with Salt's own tools.
final class StockMasterTests: XCTestCase {
    func testBrineMinionAnswersSaltAndItsJobsAreInSaltsJobCache() throws {
        let cluster = try TestCluster(master: .salt)
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startMinion("brine-a")
        try cluster.accept("brine-a")  // salt-key -a brine-a -y
        try cluster.waitForMinion("brine-a")

        let ping = try cluster.run("salt", "*", "test.ping")
        XCTAssertEqual(ping.status, 0, ping.stdout + ping.stderr)
        XCTAssertEqual(ping.stdout, "brine-a:\n    True\n")

        let hi = try cluster.run("salt", "*", "cmd.run", "echo hi")
        XCTAssertEqual(hi.status, 0, hi.stdout + hi.stderr)
        XCTAssertEqual(hi.stdout, "brine-a:\n    hi\n")

        let echo = try cluster.run("salt", "--out=json", "--static", "*", "test.echo", "grüße, 世界")
        XCTAssertEqual(jsonReturns(echo)["brine-a"] as? String, "grüße, 世界")

        let grainsRun = try cluster.run("salt", "--out=json", "--static", "*", "grains.items")
        XCTAssertEqual(grainsRun.status, 0, grainsRun.stderr)
        let grains = jsonReturns(grainsRun)["brine-a"] as? [String: Any] ?? [:]
        XCTAssertEqual(grains["id"] as? String, "brine-a")
        XCTAssertEqual(grains["kernel"] as? String, "Linux")
        XCTAssertFalse((grains["os_family"] as? String ?? "").isEmpty, "no os_family grain: \(grains)")

        // salt --show-jid prints "jid: <jid>" first; the master's job cache then has the job and its return.
        let shown = try cluster.run("salt", "--show-jid", "*", "cmd.run", "echo from the job cache")
        XCTAssertEqual(shown.status, 0, shown.stdout + shown.stderr)
        let jid = try shownJID(shown)
        let lookup = try cluster.run("salt-run", "--out=json", "jobs.lookup_jid", jid)
        XCTAssertEqual(lookup.status, 0, lookup.stdout + lookup.stderr)
        XCTAssertEqual(jsonReturns(lookup)["brine-a"] as? String, "from the job cache")
        let listed = try cluster.run("salt-run", "--out=json", "jobs.list_jobs")
        let job = jsonReturns(listed)[jid] as? [String: Any]
        XCTAssertEqual(job?["Function"] as? String, "cmd.run", "jobs.list_jobs lacks \(jid):\n\(listed.stdout)")
    }
}
