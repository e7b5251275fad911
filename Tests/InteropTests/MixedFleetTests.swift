import BrineCore
import BrineTesting
import XCTest

/// brine-master with stock salt-minions and brine-minions side by side.
final class MixedFleetTests: XCTestCase {
    private let saltMinions = ["salt-a", "salt-b"]
    private let brineMinions = ["brine-a", "brine-b"]

    private func startFleet(_ cluster: TestCluster) throws {
        try cluster.startMaster()
        for id in saltMinions { try cluster.startSaltMinion(id) }
        for id in brineMinions { try cluster.startMinion(id) }
        for id in saltMinions + brineMinions { try cluster.accept(id) }
        for id in saltMinions + brineMinions { try cluster.waitForMinion(id) }
    }

    func testGlobAndListTargetsReachExactlyTheMatchingMinions() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try startFleet(cluster)
        let everyone = Set(saltMinions + brineMinions)

        let targets: [(arguments: [String], expected: Set<String>)] = [
            (["s*"], ["salt-a", "salt-b"]),
            (["*"], everyone),
            (["*-a"], ["salt-a", "brine-a"]),
            (["-L", "salt-b,brine-a"], ["salt-b", "brine-a"]),
            (["-L", "brine-b"], ["brine-b"]),
        ]
        var jobs: [(jid: String, target: String, expected: Set<String>)] = []
        for (arguments, expected) in targets {
            let run = try cluster.run("brine", ["--show-jid", "--out", "json"] + arguments + ["test.ping"])
            let target = arguments.joined(separator: " ")
            XCTAssertEqual(run.status, 0, "brine \(target): \(run.stdout)\(run.stderr)")
            XCTAssertEqual(Set(jsonReturns(run).keys), expected, "who answered brine \(target) test.ping")
            jobs.append((try shownJID(run), target, expected))
        }
        // Every minion sees every publication (no zmq_filtering) and must pick its own.
        for job in jobs {
            for id in everyone {
                XCTAssertEqual(cluster.minion(id, ran: job.jid), job.expected.contains(id),
                               "\(id) \(job.expected.contains(id) ? "did not run" : "ran") the job for \(job.target)")
            }
        }
    }

    func testFleetSurvivesMasterRestartAndDeletedKeyReadsNoMoreJobs() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try startFleet(cluster)
        let saltPID = cluster.minions["salt-a"]?.pid

        // A restarted brine-master has a new AES key and no sessions: the minions re-authenticate by themselves.
        cluster.stopMaster()
        try cluster.startMaster()
        for id in saltMinions + brineMinions { try cluster.waitForMinion(id) }
        let afterRestart = try cluster.brine("--out", "json", "*", "test.ping")
        XCTAssertEqual(Set(jsonReturns(afterRestart).keys), Set(saltMinions + brineMinions))
        XCTAssertEqual(cluster.minions["salt-a"]?.isRunning, true, "salt-minion exited\n\(cluster.logTails(["salt-a"]))")
        XCTAssertEqual(cluster.minions["salt-a"]?.pid, saltPID)

        // Deleting a key rotates the AES key (brine-key tells the running master), so that minion can read no more.
        let logBefore = cluster.log("salt-a").utf8.count
        let deleted = try cluster.run("brine-key", "-d", "salt-a", "-y")
        XCTAssertTrue(deleted.stdout.contains("Key for minion salt-a deleted."), deleted.stdout + deleted.stderr)
        XCTAssertTrue(cluster.log("master").contains("rotated the AES key"), cluster.logTails(["master"]))

        let others = Set(["salt-b"] + brineMinions)
        let afterDelete = try cluster.brine("--show-jid", "--out", "json", "-t", "3", "*", "test.ping")
        XCTAssertEqual(afterDelete.status, 0, afterDelete.stdout + afterDelete.stderr)
        XCTAssertEqual(Set(jsonReturns(afterDelete).keys), others)
        let jid = try shownJID(afterDelete)

        // salt-a received that publication, failed to decrypt it, re-authenticated and is pending again.
        var since: String { String(decoding: cluster.log("salt-a").utf8.dropFirst(logBefore), as: UTF8.self) }
        try cluster.waitUntil("salt-a to be told its key is pending again", timeout: 20, logs: ["master", "salt-a"]) {
            since.contains("The Salt Master has cached the public key for this node")
        }
        XCTAssertTrue(since.contains("Failed to authenticate message"), "salt-a decrypted a publication after its key was deleted")
        XCTAssertFalse(cluster.minion("salt-a", ran: jid), "salt-a ran a job after its key was deleted")
        let listing = try cluster.run("brine-key", "-L")
        XCTAssertTrue(listing.stdout.contains("Unaccepted Keys:\nsalt-a\n"), listing.stdout + listing.stderr)

        let stillWorking = try cluster.brine("--out", "json", "*", "test.ping")
        XCTAssertEqual(stillWorking.status, 0, stillWorking.stdout + stillWorking.stderr)
        XCTAssertEqual(Set(jsonReturns(stillWorking).keys), others)
    }
}
