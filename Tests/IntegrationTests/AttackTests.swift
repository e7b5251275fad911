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
    static func request(_ frame: [UInt8], port: Int, host: String = "127.0.0.1", timeout: Double = 60) throws -> [UInt8]? {
        let zmq = try ZMQContext()
        defer { zmq.shutdown() }
        let socket = try ZMQSocket(context: zmq, type: .req)
        defer { socket.close() }
        try socket.connect("tcp://\(host):\(port)")
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
            cluster.log("alpha").dropFirst(logBefore).contains("authenticated with master")
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

    /// CVE-2020-11651's class: commands sent in the clear on 4506, which a stock master once ran
    /// without a key. Brine serves only `_auth` and `ping` in the clear. And CVE-2020-11652's: ids
    /// that climb out of the pki dir are refused, and nothing is written outside it.
    func testClearCommandsAndTraversalIDsGetNothing() throws {
        let cluster = try TestCluster(masterOptions: "auto_accept: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startMinion("alpha")
        try cluster.waitForMinion("alpha")
        let marker = cluster.root + "/pwned"
        for command in ["publish", "_send_pub", "runner", "wheel", "_prep_auth_info", "_return", "_minion_event"] {
            let load: MessagePackValue = [
                "cmd": .text(command), "fun": "cmd.run", "arg": .array([.text("touch \(marker)")]), "tgt": "*", "tgt_type": "glob",
                "key": "guessed", "user": "root", "jid": "20261206120000000001", "id": "alpha", "return": true,
                "tag": "salt/job/20261206120000000001/ret/alpha", "data": [:],
            ]
            let reply = try XCTUnwrap(try Self.request(MessagePack.encode(Envelope.clear(load)), port: cluster.retPort))
            XCTAssertEqual(try MessagePack.decode(reply), [:], "clear \(command)")
        }
        for id in ["../../../../tmp/brine-evil", "..", "a/../../b", "minions/../../master", ".hidden", "x\u{0}y"] {
            let key = try RSAPrivateKey.generate(bits: 1024)
            let request = try AuthRequest.make(id: id, minionKey: key, masterKey: nil, token: "t", nonce: Nonce.make())
            let reply = try XCTUnwrap(try Self.request(MessagePack.encode(request), port: cluster.retPort))
            XCTAssertNotEqual(try MessagePack.decode(reply)["load"]?.bytesValue.flatMap { try? MessagePack.decode($0)["ret"] }, true, id)
        }
        usleep(1_000_000)
        XCTAssertFalse(FileSystem.exists(marker), "a clear command ran a job")
        XCTAssertFalse(FileSystem.exists("/tmp/brine-evil"))
        XCTAssertEqual(FileSystem.list(cluster.masterPKIDir + "/minions"), ["alpha"])
        XCTAssertEqual(FileSystem.list(cluster.masterPKIDir + "/minions_pre"), [])
        XCTAssertTrue(cluster.log("master").contains("auth refused: invalid minion id"), cluster.logTails(["master"]))
    }

    /// An accepted minion reads a job's jid off the publish port and fires a return in the name of the
    /// minion the job is for: `brine` must print the real return, never the forged one.
    func testAForgedReturnEventNeverReachesTheCLI() throws {
        let cluster = try TestCluster(masterOptions: "auto_accept: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startMinion("victim")
        try cluster.waitForMinion("victim")
        let mallory = RogueMinion(id: "mallory", retPort: cluster.retPort)
        let credentials = try mallory.authenticate()
        let zmq = try ZMQContext()
        defer { zmq.shutdown() }
        let subscriber = try ZMQSocket(context: zmq, type: .sub)
        defer { subscriber.close() }
        try subscriber.subscribe()
        try subscriber.connect("tcp://127.0.0.1:\(cluster.publishPort)")
        usleep(500_000)

        let output = cluster.root + "/brine.out"
        let brine = try ChildProcess(
            [Binaries.path("brine"), "-c", cluster.masterConfigDir, "-t", "10", "victim", "test.sleep", "2"], outputPath: output)
        let job = try XCTUnwrap(try RogueMinion.readJob(for: "victim", on: subscriber, aes: credentials.aes, timeout: 10), "no job seen")
        let forged: MessagePackValue = ["return": "forged", "retcode": 0, "success": true, "jid": .text(job.jid), "fun": "test.sleep", "id": "victim"]
        let tag = MessagePackValue.text("salt/job/\(job.jid)/ret/victim")
        try mallory.send(["cmd": "_minion_event", "tag": tag, "data": forged, "pretag": .nil], credentials)
        try mallory.send(["cmd": "_minion_event", "events": [["tag": tag, "data": forged]], "pretag": .nil], credentials)
        let forgedReturn = JobReturn(jid: job.jid, value: "forged", retcode: 0, success: true, function: "test.sleep", functionArguments: [])
        try mallory.send(forgedReturn.load(minion: "victim"), credentials)

        try cluster.waitUntil("brine to finish", timeout: 20) { !brine.isRunning }
        // mallory's own return for the job is shown as mallory's, as Salt shows any minion's; nothing
        // it sent is shown as victim's.
        let printed = try FileSystem.readString(output)
        XCTAssertTrue(printed.contains("victim:\n    True\n"), printed)
        XCTAssertFalse(printed.contains("victim:\n    forged"), printed)
        XCTAssertTrue(cluster.log("master").contains("minion mallory fired 'salt/job/\(job.jid)/ret/victim'"), cluster.logTails(["master"]))
    }

    /// CVE-2016-9639's class: a deleted key is not used again. The AES key rotates at once, so the
    /// deleted minion cannot read the next publication; its next auth lands in minions_pre, and no
    /// job reaches it.
    func testADeletedKeyIsNotUsedAgain() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")
        try cluster.startMinion("beta")
        try cluster.accept("beta")
        try cluster.waitForMinion("beta")
        let deleted = try cluster.run("brine-key", "-d", "alpha", "-y")
        XCTAssertEqual(deleted.status, 0, deleted.stdout + deleted.stderr)
        let logBefore = cluster.log("alpha").count
        let marker = cluster.root + "/alpha-ran"
        let fleet = try cluster.brine("-t", "3", "*", "cmd.run", "echo $(hostname) >> \(marker)")
        XCTAssertEqual(fleet.status, 0, fleet.stdout + fleet.stderr)
        XCTAssertFalse(fleet.stdout.contains("alpha"), fleet.stdout)
        try cluster.waitUntil("the deleted minion to ask again, as a new key", timeout: 30, logs: ["master", "alpha"]) {
            FileSystem.exists(cluster.masterPKIDir + "/minions_pre/alpha")
        }
        XCTAssertFalse(cluster.log("alpha").dropFirst(logBefore).contains("job "), "the deleted minion ran a job")
        XCTAssertEqual(try FileSystem.readString(marker).split(separator: "\n").count, 1, "only beta ran it")
        XCTAssertTrue(cluster.log("master").contains("rotated the AES key after a key change"))
        XCTAssertEqual(try cluster.brine("-t", "2", "alpha", "test.ping").status, 2)
    }

    /// CVE-2022-22935's class: a master with another key on the pinned master's address gets nothing
    /// from the minion: its publications fail the pinned key's signature check (and an auth reply
    /// with the new key would be refused), no job runs, and the minion says why.
    func testARogueMasterIsRefused() throws {
        let cluster = try TestCluster(masterOptions: "auto_accept: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startMinion("alpha")
        try cluster.waitForMinion("alpha")
        cluster.stopMaster()
        for file in ["master.pem", "master.pub"] { FileSystem.remove(cluster.masterPKIDir + "/" + file) }
        try cluster.startMaster()
        let marker = cluster.root + "/rogue-ran"
        let run = try cluster.brine("-t", "3", "--gather-job-timeout", "1", "alpha", "cmd.run", "touch \(marker)")
        XCTAssertNotEqual(run.status, 0, run.stdout)
        try cluster.waitUntil("the minion to refuse the new master's key", timeout: 20, logs: ["alpha"]) {
            cluster.log("alpha").contains("differs from the pinned minion_master.pub") || cluster.log("alpha").contains("bad signature on publication")
        }
        XCTAssertFalse(FileSystem.exists(marker), "a job from the rogue master ran")
    }
}
