import BrineCore
import BrineTesting
import MessagePack
import SaltWire
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Two brine-masters on one host, on 127.0.0.1 and 127.0.0.2 with the same ports and the same master
/// key pair, each with its own job cache and pki dir, the minion's key accepted on both; the minion
/// names both (`master: [127.0.0.1, 127.0.0.2]`).
final class MultiMasterTests: XCTestCase {
    /// Master a (127.0.0.1) and master b (127.0.0.2, a's ports and key pair), both started.
    static func masters(options: String = "") throws -> (TestCluster, TestCluster) {
        let a = try TestCluster(masterOptions: options)
        let b = try TestCluster(masterOptions: options, interface: "127.0.0.2", beside: a)
        try a.startMaster()
        try b.shareMasterKey(of: a)
        try b.startMaster()
        a.minionMaster = "[127.0.0.1, 127.0.0.2]"
        return (a, b)
    }

    /// Whether `cluster`'s job cache has `minion`'s return of `jid` as `True`.
    static func cached(_ cluster: TestCluster, _ jid: String, _ minion: String) -> Bool {
        ((try? cluster.run("brine-run", "jobs.lookup_jid", jid))?.stdout ?? "").contains("\(minion):\n    True")
    }

    func testAHotMinionAnswersEachMasterAndReturnsToThePublisher() throws {
        let (a, b) = try Self.masters()
        defer { a.stop(); b.stop() }
        try a.startMinion("alpha")
        try a.accept("alpha")
        try b.accept("alpha")
        try a.waitForMinion("alpha")
        try b.waitForMinion("alpha")
        let fromA = try a.publishAsync("alpha", "test.ping")
        let fromB = try b.publishAsync("alpha", "test.ping")
        try a.waitUntil("the return of \(fromA) in master a's cache", timeout: 10, logs: ["master", "alpha"]) { Self.cached(a, fromA, "alpha") }
        try b.waitUntil("the return of \(fromB) in master b's cache", timeout: 10, logs: ["master"]) { Self.cached(b, fromB, "alpha") }
        XCTAssertFalse(Self.cached(b, fromA, "alpha"), "a job of master a was returned to master b")
        XCTAssertFalse(Self.cached(a, fromB, "alpha"), "a job of master b was returned to master a")
        let log = a.log("alpha")
        XCTAssertTrue(log.contains("authenticated with master 127.0.0.1"), log)
        XCTAssertTrue(log.contains("authenticated with master 127.0.0.2"), log)
    }

    /// A job both masters publish (the same jid) runs once. Master b stands behind 127.0.0.3: a TCP proxy
    /// to its request port and a relay of its publish port, through which the test also sends a job it
    /// seals with b's AES key (which any accepted minion gets) and the key pair both masters share: a's
    /// job again, then a new one, which runs (so the first was refused for its jid, not lost on the way).
    func testAJobBothMastersPublishRunsOnce() throws {
        let (a, b) = try Self.masters(options: "auto_accept: True")
        defer { a.stop(); b.stop() }
        let requests = try BlackHoleProxy(forwardingTo: b.retPort, on: "127.0.0.2", listeningOn: "127.0.0.3", port: b.retPort)
        defer { requests.stop() }
        let relay = try PublishRelay(masterPublishPort: b.publishPort, masterHost: "127.0.0.2", host: "127.0.0.3", port: b.publishPort)
        defer { relay.stop() }
        a.minionMaster = "[127.0.0.1, 127.0.0.3]"
        try a.startMinion("alpha")
        try a.waitForMinion("alpha")
        try b.waitForMinion("alpha")
        let marker = a.root + "/ran"
        let jid = try a.publishAsync("alpha", "cmd.run", "echo a >> \(marker)")
        try a.waitUntil("alpha to run the job of master a", timeout: 10, logs: ["alpha"]) {
            (try? FileSystem.readString(marker)) == "a\n"
        }
        let credentials = try RogueMinion(id: "spy", retPort: b.retPort, host: "127.0.0.2").authenticate()
        let masterKey = try RSAPrivateKey(pem: FileSystem.readString(a.masterPKIDir + "/master.pem"))
        func publishOnB(_ jid: String, _ word: String, serial: Int64) throws {
            let job = JobPublication(
                jid: jid, function: "cmd.run", arguments: [.text("echo \(word) >> \(marker)")], target: "alpha",
                targetType: "glob", user: "root", serial: serial, extra: [])
            let frame = try Publication.seal(job.load, aes: credentials.aes, signingKey: masterKey)
            for _ in 0..<5 {
                relay.replay([frame])
                usleep(100_000)
            }
        }
        try publishOnB(jid, "b", serial: 1_000_000)
        try publishOnB("20991231235959000001", "control", serial: 1_000_001)
        try a.waitUntil("alpha to run the new job b sent", timeout: 10, logs: ["alpha"]) {
            ((try? FileSystem.readString(marker)) ?? "").contains("control")
        }
        XCTAssertEqual(try FileSystem.readString(marker), "a\ncontrol\n", "the job both masters published ran twice")
        XCTAssertTrue(a.log("alpha").contains("job \(jid) already seen (published again by master 127.0.0.3)"), a.logTails(["alpha"]))
    }

    /// Master b is down: the minion serves master a, and answers b once it comes back (its job returned to b).
    func testAMasterThatIsDownDoesNotStopTheOthers() throws {
        let (a, b) = try Self.masters()
        defer { a.stop(); b.stop() }
        try a.startMinion("alpha")
        try a.accept("alpha")
        try b.accept("alpha")
        try b.waitForMinion("alpha")
        b.stopMaster()
        let started = Timestamp.monotonic()
        for _ in 0..<3 {
            let ping = try a.brine("-t", "5", "alpha", "test.ping")
            XCTAssertEqual(ping.stdout, "alpha:\n    True\n", ping.stderr + a.logTails(["alpha"]))
        }
        XCTAssertLessThan(Timestamp.monotonic() - started, 10, "three pings on master a while master b is down")
        try b.startMaster()
        try b.waitForMinion("alpha", timeout: 20)
    }

    /// Failover: the minion uses master a only; kill -9 of a during a job moves it to b within
    /// master_alive_interval + 5 s, and the job's return, spooled for a, reaches b's cache.
    func testAFailoverMinionMovesToTheNextMasterWhenItsMasterDies() throws {
        let (a, b) = try Self.masters()
        defer { a.stop(); b.stop() }
        let aliveInterval = 2.0
        try a.startMinion("alpha", options: "master_type: failover\nmaster_alive_interval: \(Int(aliveInterval))")
        try a.accept("alpha")
        try b.acceptKey("alpha", acceptedBy: a)
        try a.waitForMinion("alpha")
        XCTAssertNotEqual(try b.brine("-t", "2", "--gather-job-timeout", "1", "alpha", "test.ping").stdout, "alpha:\n    True\n",
                          "a failover minion answers its current master only")
        let jid = try a.publishAsync("alpha", "test.sleep", "3")
        try a.waitUntil("alpha to start the job", timeout: 10, logs: ["alpha"]) { a.minion("alpha", ran: jid) }
        a.master?.crash()
        let killed = Timestamp.monotonic()
        try b.waitUntil("alpha to answer master b", timeout: aliveInterval + 10, logs: ["master"]) {
            ((try? b.brine("-t", "1", "--gather-job-timeout", "1", "alpha", "test.ping"))?.stdout ?? "") == "alpha:\n    True\n"
        }
        let moved = Timestamp.monotonic() - killed
        print("failover: alpha answers master b \(String(format: "%.1f", moved)) s after master a was killed")
        XCTAssertLessThanOrEqual(moved, aliveInterval + 5)
        try b.waitUntil("the return of \(jid), spooled for master a, in master b's cache", timeout: 10, logs: ["master"]) {
            ((try? b.run("brine-run", "jobs.lookup_jid", jid))?.stdout ?? "").contains("alpha:\n    True")
        }
    }

    /// master_failback: once master a is back, the minion returns to it.
    func testAFailoverMinionFailsBackToTheFirstMaster() throws {
        let (a, b) = try Self.masters()
        defer { a.stop(); b.stop() }
        try a.startMinion("alpha", options: "master_type: failover\nmaster_alive_interval: 1\nmaster_failback: True")
        try a.accept("alpha")
        try b.acceptKey("alpha", acceptedBy: a)
        try a.waitForMinion("alpha")
        a.stopMaster()
        try b.waitForMinion("alpha", timeout: 15)
        try a.startMaster()
        try a.waitForMinion("alpha", timeout: 15)
        XCTAssertTrue(a.log("alpha").contains("failing back to it"), a.logTails(["alpha"]))
    }
}
