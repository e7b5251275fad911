import BrineCore
import BrineTesting
import XCTest

/// The job cache through real processes: every return is kept, whoever waits for it.
final class JobCacheClusterTests: XCTestCase {
    func jid(fromAsync output: String) -> String {
        String(output.split(separator: " ").last ?? "").trimmingTrailingWhitespace()
    }

    func testAsyncJobAndLateReturnsAreKept() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")

        let published = try cluster.brine("--async", "alpha", "cmd.run", "echo later")
        XCTAssertEqual(published.status, 0)
        XCTAssertTrue(published.stdout.hasPrefix("Executed command with job ID: "), published.stdout)
        let asyncJID = jid(fromAsync: published.stdout)
        try cluster.waitUntil("the async return in the cache", timeout: 10) {
            try cluster.run("brine-run", "jobs.lookup_jid", asyncJID).stdout == "alpha:\n    later\n"
        }

        // The operator gives up on brine after 1 s (it would keep waiting while find_job says the job
        // runs); the return arrives at 2 s and must still be recorded.
        let impatient = try ChildProcess(
            [Binaries.path("brine"), "-c", cluster.masterConfigDir, "alpha", "cmd.run", "sleep 2; echo slow"],
            outputPath: cluster.root + "/impatient.log")
        usleep(1_000_000)
        impatient.stop()
        let slowJID = try lastJID(cluster, function: "cmd.run")
        try cluster.waitUntil("the late return in the cache", timeout: 10) {
            try cluster.run("brine-run", "jobs.lookup_jid", slowJID).stdout == "alpha:\n    slow\n"
        }
        XCTAssertEqual(try cluster.run("brine-run", "jobs.exit_success", slowJID).stdout, "alpha:\n    True\n")

        let listing = try cluster.run("brine-run", "--out", "json", "jobs.list_jobs", "search_function=cmd.*", "status=complete")
        XCTAssertTrue(listing.stdout.contains(asyncJID) && listing.stdout.contains(slowJID), listing.stdout)
        XCTAssertTrue(listing.stdout.contains("\"StartTime\": \""), listing.stdout)
        let none = try cluster.run("brine-run", "--out", "json", "jobs.list_jobs", "search_function=grains.*")
        XCTAssertEqual(none.stdout, "{}\n")
        let printed = try cluster.run("brine-run", "jobs.print_job", slowJID)
        XCTAssertTrue(printed.stdout.contains("Result:") && printed.stdout.contains("retcode:"), printed.stdout)
        let bad = try cluster.run("brine-run", "jobs.list_jobs", "status=sideways")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("status must be one of"), bad.stderr)
    }

    func testMasterRestartBetweenPublishAndReturnLosesNothing() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")

        let published = try cluster.brine("--async", "alpha", "cmd.run", "sleep 1; echo survived")
        let asyncJID = jid(fromAsync: published.stdout)
        cluster.stopMaster()
        usleep(1_500_000)  // the job finishes while no master listens
        try cluster.startMaster()
        try cluster.waitUntil("the return sent after the restart", timeout: 20) {
            try cluster.run("brine-run", "jobs.lookup_jid", asyncJID).stdout == "alpha:\n    survived\n"
        }
        XCTAssertTrue(try cluster.run("brine-run", "jobs.list_jobs").stdout.contains(asyncJID), "the job record survived the restart")
    }

    func testRetentionRemovesOldJobs() throws {
        let cluster = try TestCluster(masterOptions: "keep_jobs: 0.0005\nloop_interval: 0.5")
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")
        XCTAssertFalse(try cluster.run("brine-run", "--out", "json", "jobs.list_jobs").stdout == "{}\n")
        try cluster.waitUntil("jobs older than keep_jobs (1.8 s) to be removed", timeout: 15) {
            try cluster.run("brine-run", "--out", "json", "jobs.list_jobs").stdout == "{}\n"
        }
    }

    private func lastJID(_ cluster: TestCluster, function: String) throws -> String {
        let listing = try cluster.run("brine-run", "--out", "json", "jobs.last_run", "function=\(function)")
        guard let jid = listing.stdout.split(separator: "\"").first(where: { JID.isValid(String($0)) }) else {
            throw ProcessRunner.Failure(description: "no jid in \(listing.stdout)")
        }
        return String(jid)
    }
}
