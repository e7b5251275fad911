import BrineCore
import BrineTesting
import XCTest

/// A real brine-master and two brine-minions on loopback, driven through the command-line tools.
final class CoreClusterTests: XCTestCase {
    func testJobsKeysAndOutcomes() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startMinion("alpha")
        try cluster.startMinion("beta")

        // A pending key gets no jobs: with both keys pending nothing matches.
        try cluster.waitUntil("both keys to be pending", timeout: 20) {
            let listing = try cluster.run("brine-key", "-L").stdout
            return listing.contains("Unaccepted Keys:\nalpha\nbeta\n")
        }
        let beforeAccept = try cluster.brine("-t", "2", "*", "test.ping")
        XCTAssertEqual(beforeAccept.status, 2)
        XCTAssertTrue(beforeAccept.stdout.contains("No minions matched the target."), beforeAccept.stdout)

        try cluster.accept("alpha")
        try cluster.waitForMinion("alpha")
        let onlyAlpha = try cluster.brine("-t", "3", "*", "test.ping")
        XCTAssertEqual(onlyAlpha.status, 0, onlyAlpha.stdout + onlyAlpha.stderr)
        XCTAssertEqual(onlyAlpha.stdout, "alpha:\n    True\n")
        XCTAssertFalse(cluster.log("beta").contains("job "), "a pending minion ran a job")

        try cluster.accept("beta")
        try cluster.waitForMinion("beta")

        let ping = try cluster.brine("-t", "5", "*", "test.ping")
        XCTAssertEqual(ping.status, 0)
        XCTAssertEqual(Set(ping.stdout.split(separator: "\n")), ["alpha:", "beta:", "    True"])

        let listTarget = try cluster.brine("-L", "beta", "cmd.run", "echo hello from $(hostname)")
        XCTAssertEqual(listTarget.status, 0)
        XCTAssertTrue(listTarget.stdout.hasPrefix("beta:\n    hello from "), listTarget.stdout)

        let failing = try cluster.brine("alpha", "cmd.run", "exit 3")
        XCTAssertEqual(failing.status, 1, "a non-zero retcode makes brine exit 1")
        XCTAssertEqual(failing.stdout, "alpha:\n")
        XCTAssertTrue(failing.stderr.contains("Minions returned with non-zero exit code"))

        let unknown = try cluster.brine("alpha", "no.such")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stdout, "alpha:\n    'no.such' is not available.\n")

        let nothing = try cluster.brine("gamma*", "test.ping")
        XCTAssertEqual(nothing.status, 2)
        XCTAssertTrue(nothing.stdout.contains("No minions matched the target."))

        let echo = try cluster.brine("--out", "json", "alpha", "test.echo", "grüße, 世界")
        XCTAssertEqual(echo.status, 0)
        XCTAssertEqual(echo.stdout, "{\n    \"alpha\": \"gr\\u00fc\\u00dfe, \\u4e16\\u754c\"\n}\n")

        let grains = try cluster.brine("--out", "json", "beta", "grains.items")
        for grain in ["\"id\": \"beta\"", "\"kernel\": \"Linux\"", "\"num_cpus\"", "\"mem_total\"", "\"os_family\"", "\"127.0.0.1\""] {
            XCTAssertTrue(grains.stdout.contains(grain), "grains.items lacks \(grain)")
        }

        // A minion that is down is reported as not connected, without waiting for find_job.
        cluster.stopMinion("beta")
        let started = Timestamp.monotonic()
        let silent = try cluster.brine("-t", "2", "*", "test.ping")
        XCTAssertLessThan(Timestamp.monotonic() - started, 6)
        XCTAssertEqual(silent.status, 1)
        XCTAssertTrue(silent.stdout.contains("alpha:\n    True\n"), silent.stdout)
        XCTAssertTrue(silent.stdout.contains("beta:\n    Minion did not return. [Not connected]\n"), silent.stdout)
    }

    func testMinionAnswersAgainAfterMasterRestart() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")

        cluster.stopMaster()
        try cluster.startMaster()
        // The new master has a new AES key and no session: the minion must notice and re-authenticate.
        try cluster.waitForMinion("alpha", timeout: 30)
        let ping = try cluster.brine("alpha", "test.ping")
        XCTAssertEqual(ping.stdout, "alpha:\n    True\n")
        XCTAssertTrue(cluster.minions["alpha"]?.isRunning == true, "the minion was not restarted")
    }

    func testKeyCommands() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startMinion("alpha")
        try cluster.accept("alpha")
        let finger = try cluster.run("brine-key", "-f", "alpha")
        XCTAssertEqual(finger.status, 0)
        XCTAssertTrue(finger.stdout.hasPrefix("Accepted Keys:\nalpha:  "), finger.stdout)
        XCTAssertEqual(finger.stdout.split(separator: " ").last?.split(separator: ":").count, 32, "sha256 in byte pairs")

        // As salt-key, -r takes pending keys only unless told to take accepted ones too.
        let notPending = try cluster.run("brine-key", "-r", "alpha", "-y")
        XCTAssertEqual(notPending.stdout, "The key glob 'alpha' does not match any unaccepted keys.\n")
        let rejected = try cluster.run("brine-key", "-r", "alpha", "--include-accepted", "-y")
        XCTAssertEqual(rejected.status, 0, rejected.stderr)
        XCTAssertTrue(try cluster.run("brine-key", "-L").stdout.contains("Rejected Keys:\nalpha\n"))

        let deleted = try cluster.run("brine-key", "-d", "alpha", "-y")
        XCTAssertTrue(deleted.stdout.contains("Key for minion alpha deleted."), deleted.stdout)
        XCTAssertEqual(try cluster.run("brine-key", "-L").stdout, "Accepted Keys:\nDenied Keys:\nUnaccepted Keys:\nRejected Keys:\n")

        // salt-key's answer: a message on stdout, exit status 0.
        let missing = try cluster.run("brine-key", "-a", "nobody", "-y")
        XCTAssertEqual(missing.status, 0)
        XCTAssertEqual(missing.stdout, "The key glob 'nobody' does not match any unaccepted keys.\n")
    }
}
