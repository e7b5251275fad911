import BrineCore
import BrineTesting
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// (f) a black hole between minion and master; (g) the master's disk full.
final class NetworkAndDiskFaultTests: XCTestCase {
    /// The minion reaches the master through a proxy that, held, forwards nothing and closes nothing.
    /// Measured: when the minion notices (its own ZMTP heartbeats on the SUB, 10 s / 30 s), and how
    /// soon after the network comes back it answers again; once with the master's defaults, once with
    /// the master's heartbeats on (`zmq_heartbeat_ivl`).
    func testABlackHoleIsNoticedAndRecoveredFrom() throws {
        for (label, options) in [("default settings", ""), ("master heartbeats on", "zmq_heartbeat_ivl: 1000\nzmq_heartbeat_timeout: 3000")] {
            let cluster = try TestCluster(masterOptions: options)
            defer { cluster.stop() }
            try cluster.startMaster()
            let requests = try BlackHoleProxy(forwardingTo: cluster.retPort)
            let publications = try BlackHoleProxy(forwardingTo: cluster.publishPort)
            defer {
                requests.stop()
                publications.stop()
            }
            let directory = cluster.root + "/etc/alpha"
            FileSystem.makeDirectories(directory)
            try FileSystem.write(directory + "/minion", """
                root_dir: \(cluster.root)/alpha
                master: 127.0.0.1
                master_port: \(requests.port)
                publish_port: \(publications.port)
                id: alpha
                acceptance_wait_time: 0.5
                log_level: debug
                """)
            try cluster.launchMinion("alpha", [Binaries.path("brine-minion"), "-c", directory])
            try cluster.accept("alpha")
            try cluster.waitForMinion("alpha")
            requests.hold()
            publications.hold()
            let cut = Timestamp.monotonic()
            var noticed: Double?
            try? cluster.waitUntil("the minion to notice", timeout: 75) {
                guard cluster.log("alpha").contains("lost the connection to the publish port of master") else { return false }
                noticed = Timestamp.monotonic() - cut
                return true
            }
            requests.release()
            publications.release()
            let healed = Timestamp.monotonic()
            var recovered: Double?
            try? cluster.waitUntil("the minion to answer again", timeout: 60) {
                guard ((try? cluster.brine("-t", "3", "alpha", "test.ping"))?.status ?? 1) == 0 else { return false }
                recovered = Timestamp.monotonic() - healed
                return true
            }
            FaultReport.line("f", "network black hole, \(label)", lost: recovered == nil ? 1 : 0, of: 1, "minions",
                             ["noticed after \(noticed.map(FaultReport.seconds) ?? "never (75 s)")",
                              "answers \(recovered.map(FaultReport.seconds) ?? "never") after the network returns"])
            XCTAssertNotNil(noticed, label)
            XCTAssertNotNil(recovered, label)
        }
    }

    /// The master's cachedir on a small tmpfs that fills up: jobs are refused with a clear error and a
    /// non-zero exit, a return that cannot be stored is not acknowledged (the minion keeps it), and
    /// work resumes once there is space, without a restart.
    func testAFullDiskRefusesJobsLosesNoReturnAndRecovers() throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting a tmpfs for the full disk needs root (CI runs as root)") }
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let cachedir = try MasterConfig.load(configDir: cluster.masterConfigDir).cachedir
        XCTAssertTrue(FileSystem.makeDirectories(cachedir, mode: 0o700))
        let mounted = try ProcessRunner.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", cachedir])
        guard mounted.status == 0 else { throw XCTSkip("cannot mount a tmpfs here: \(mounted.stderr)") }
        defer {
            cluster.stop()
            _ = try? ProcessRunner.run(["umount", "-l", cachedir])
        }
        try cluster.startMasterWithMinion("alpha")
        let jid = try cluster.publishAsync("alpha", "test.sleep", "3")
        let filler = cachedir + "/filler"
        _ = try ProcessRunner.run(["dd", "if=/dev/zero", "of=\(filler)", "bs=1M", "count=64"])
        let refused = try cluster.brine("-t", "3", "alpha", "test.ping")
        let said = refused.stdout + refused.stderr
        let jobRefused = refused.status != 0 && said.contains("The job cache cannot record the job")
        try cluster.waitUntil("the return to wait in the minion's spool", timeout: 20) {
            cluster.log("alpha").contains("return of job \(jid) not delivered")
        }
        FileSystem.remove(filler)
        let freed = Timestamp.monotonic()
        var arrived = false
        try? cluster.waitUntil("the return to arrive", timeout: 30) {
            arrived = ((try? cluster.run("brine-run", "jobs.lookup_jid", jid))?.stdout ?? "").contains("alpha:\n    True")
            return arrived
        }
        let pinged = try cluster.brine("-t", "5", "alpha", "test.ping")
        FaultReport.line("g", "disk full under the master's cachedir", lost: arrived ? 0 : 1, of: 1, "returns",
                         ["a job was refused with a clear error and exit \(refused.status): \(jobRefused)",
                          "the return arrived \(FaultReport.seconds(Timestamp.monotonic() - freed)) after space came back",
                          "new jobs work without a restart: \(pinged.status == 0)"])
        XCTAssertTrue(jobRefused, said)
        XCTAssertTrue(arrived)
        XCTAssertEqual(pinged.status, 0, pinged.stdout + pinged.stderr)
    }
}
