import BrineCore
import BrineTesting
import MessagePack
import SaltWire
import XCTest
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Salt's CVE classes and the attacks of issue 13, tried as an attacker would against real processes
/// on loopback. Each test failed before the fix it guards.
final class AttackTests: XCTestCase {
    /// The resident high-water mark of a process, from /proc.
    static func peakResidentBytes(_ pid: pid_t) -> Int {
        let status = (try? FileSystem.readString("/proc/\(pid)/status")) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return 0
    }

    /// Sends one frame on a fresh REQ socket and waits for the answer.
    static func request(_ frame: [UInt8], port: Int, timeout: Double = 60) throws -> [UInt8]? {
        let zmq = try ZMQContext()
        defer { zmq.shutdown() }
        let socket = try ZMQSocket(context: zmq, type: .req)
        defer { socket.close() }
        try socket.connect("tcp://127.0.0.1:\(port)")
        try socket.send([frame])
        var poller = ZMQPoller()
        poller.add(socket)
        guard try poller.poll(timeoutMilliseconds: Int(timeout * 1000)) > 0 else { return nil }
        return try socket.receive(dontWait: true)?.last
    }

    /// A 64 MiB frame of msgpack nils, bare or as the `load` of an aes envelope, once cost the master
    /// 16 bytes of memory per byte received (1.2 GB) before anything was authenticated.
    func testA64MiBFrameOfNilsCostsTheMasterLittle() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMaster()
        let pid = try XCTUnwrap(cluster.master?.pid)
        let before = Self.peakResidentBytes(pid)
        let count = 64 << 20
        let bare = [0xdd] + withUnsafeBytes(of: UInt32(count).bigEndian, Array.init) + [UInt8](repeating: 0xc0, count: count)
        var envelope: [UInt8] = [0x84]
        envelope += MessagePack.encode("enc") + MessagePack.encode("aes")
        envelope += MessagePack.encode("version") + MessagePack.encode(3)
        envelope += MessagePack.encode("id") + MessagePack.encode("mallory")
        envelope += MessagePack.encode("load") + bare
        for frame in [bare, envelope] {
            let reply = try XCTUnwrap(try Self.request(frame, port: cluster.retPort), "no answer\n\(cluster.logTails(["master"]))")
            XCTAssertEqual(try MessagePack.decode(reply), "bad load")
        }
        let after = Self.peakResidentBytes(pid)
        print("master peak RSS: \(before >> 20) MiB before, \(after >> 20) MiB after two 64 MiB frames of nils")
        XCTAssertLessThan(after - before, 400 << 20, "the master's peak RSS grew by \((after - before) >> 20) MiB")
        XCTAssertTrue(cluster.master?.isRunning == true)
    }

    /// A publication captured on the network and replayed on the publish port once the minion has
    /// restarted must not run again (the minion's replay state lives on disk).
    func testAReplayedPublicationDoesNotRunAgainAfterAMinionRestart() throws {
        let cluster = try TestCluster(masterOptions: "auto_accept: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        let relay = try PublishRelay(masterPublishPort: cluster.publishPort)
        defer { relay.stop() }
        let options = "publish_port: \(relay.port)"
        try cluster.startMinion("alpha", options: options)
        try cluster.waitForMinion("alpha")
        let marker = cluster.root + "/ran"
        let run = try cluster.brine("alpha", "cmd.run", "echo ran >> \(marker)")
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let captured = try XCTUnwrap(relay.recorded.last)
        XCTAssertEqual(try FileSystem.readString(marker), "ran\n")

        // Replayed before any newer publication reaches the restarted minion: its serial and jid are
        // what must refuse it. A SUB socket misses what is sent while it subscribes, so it is sent
        // a few times; all but the first would be refused anyway.
        cluster.stopMinion("alpha")
        let logBefore = cluster.log("alpha").count
        try cluster.startMinion("alpha", options: options)
        try cluster.waitUntil("the minion to authenticate and connect to the relay", timeout: 20, logs: ["alpha"]) {
            cluster.log("alpha").dropFirst(logBefore).contains("authenticated with the master")
                && Loopback.establishedConnections(toPort: relay.port) > 0
        }
        for _ in 0..<10 {
            relay.replay(captured)
            usleep(200_000)
        }
        try cluster.waitUntil("the minion to refuse or run the replay", timeout: 10, logs: ["alpha"]) {
            cluster.log("alpha").dropFirst(logBefore).contains("dropped a publication")
                || (try? FileSystem.readString(marker)) != "ran\n"
        }
        usleep(1_000_000)
        XCTAssertEqual(try FileSystem.readString(marker), "ran\n", "the replayed job ran again")
    }

    /// A minion whose `master_finger` does not match the master's key never trusts it, runs nothing,
    /// and exits 42 as Salt's does; a misspelt option is named at start.
    func testAWrongMasterFingerIsRefused() throws {
        let cluster = try TestCluster(masterOptions: "auto_accept: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        let wrong = (0..<32).map { _ in "ab" }.joined(separator: ":")
        try cluster.startMinion("alpha", options: "master_finger: '\(wrong)'\nmaster_fingr: oops")
        try cluster.waitUntil("the minion to refuse the master", timeout: 20, logs: ["alpha"]) {
            cluster.minions["alpha"]?.isRunning == false
        }
        let log = cluster.log("alpha")
        XCTAssertTrue(log.contains("Does not match the authenticating master's key"), log)
        XCTAssertTrue(log.contains("master_fingr"), "the misspelt option was not named:\n\(log)")
        XCTAssertFalse(FileSystem.exists(cluster.root + "/alpha/etc/brine/pki/minion/minion_master.pub"), "the key was pinned")
        let status = try XCTUnwrap(cluster.minions["alpha"]?.exitStatus)
        XCTAssertEqual((status >> 8) & 0xff, 42)

        let master = try XCTUnwrap(try? FileSystem.readString(cluster.masterPKIDir + "/master.pub"))
        let finger = try RSAPublicKey(pem: master).fingerprint()
        cluster.stopMinion("alpha")
        try cluster.startMinion("alpha", options: "master_finger: '\(finger)'")
        try cluster.waitForMinion("alpha")
    }
}
