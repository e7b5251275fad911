import BrineCore
import BrineTesting
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The publish port lives in a process of its own, started by brine-master: it must come back after
/// a crash, go away with the master, and a port it cannot bind must stop the master at start; a
/// server that can no longer be started at all stops the master too.
final class PublishServerTests: XCTestCase {
    func testPublishServerIsStartedAgainAfterACrash() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMasterWithMinion("alpha")
        let master = try XCTUnwrap(cluster.master)
        let servers = ProcessTable.children(of: master.pid)
        XCTAssertEqual(servers.count, 1, "one publish server")
        let crashed = try XCTUnwrap(servers.first)

        kill(crashed, SIGKILL)
        try cluster.waitUntil("the master to start another publish server", timeout: 20) {
            cluster.log("master").contains("was killed by signal 9; starting it again")
                && ProcessTable.children(of: master.pid).contains { $0 != crashed }
        }
        try cluster.waitForMinion("alpha", timeout: 30)
        XCTAssertEqual(try cluster.brine("alpha", "test.ping").stdout, "alpha:\n    True\n")

        let server = try XCTUnwrap(ProcessTable.children(of: master.pid).first)
        cluster.stopMaster()
        XCTAssertFalse(FileSystem.exists("/proc/\(server)"), "the publish server outlived the master")
    }

    func testPublishServerLeavesWhenTheMasterIsKilled() throws {
        try killTheMaster(stoppingItsServerFirst: false, serverGoneWithin: 5)
    }

    /// However the master dies, its publish server goes with it within a second, even one that could
    /// not notice for itself (stopped): the kernel kills it when the master's publisher thread ends.
    func testAStoppedPublishServerDiesWithItsKilledMaster() throws {
        try killTheMaster(stoppingItsServerFirst: true, serverGoneWithin: 1)
    }

    /// Kills the master with SIGKILL; its publish server (stopped first, so it cannot notice by itself)
    /// must be gone within `seconds`.
    private func killTheMaster(stoppingItsServerFirst stop: Bool, serverGoneWithin seconds: Double) throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startMaster()
        let master = try XCTUnwrap(cluster.master)
        try cluster.waitUntil("the publish server", timeout: 20) { !ProcessTable.children(of: master.pid).isEmpty }
        let server = try XCTUnwrap(ProcessTable.children(of: master.pid).first)
        if stop { kill(server, SIGSTOP) }
        master.crash()
        try cluster.waitUntil("the orphaned publish server to exit", timeout: seconds) {
            !FileSystem.exists("/proc/\(server)") || (try? FileSystem.readString("/proc/\(server)/stat"))?.contains(") Z ") == true
        }
    }

    /// A job published while the publish server is down is not acknowledged: the tool is told it was
    /// not published (and exits non-zero), and the job cache says so too. The master's program is a
    /// copy that is removed before its publish server is killed, so the server stays down (a master
    /// whose server started more than 5 s before brings it back at once).
    func testAJobPublishedWhileThePublishServerIsDownIsReportedNotSent() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let program = cluster.root + "/brine-master"
        try FileSystem.write(program, FileSystem.read(Binaries.path("brine-master")), mode: 0o755)
        try cluster.startMasterWithMinion("alpha", program: program)
        let master = try XCTUnwrap(cluster.master)
        let server = try XCTUnwrap(ProcessTable.children(of: master.pid).first)
        FileSystem.remove(program)
        kill(server, SIGKILL)
        try cluster.waitUntil("the publish server to be gone", timeout: 5) {
            !ProcessTable.children(of: master.pid).contains(server)
        }
        let result = try cluster.brine("--async", "alpha", "test.ping")
        XCTAssertNotEqual(result.status, 0, result.stdout + result.stderr)
        let said = result.stdout + result.stderr
        XCTAssertTrue(said.contains("was not published: the publish server is down"), said)
        XCTAssertFalse(said.contains("Executed command with job ID"), said)
        let jid = try XCTUnwrap(said.split(separator: " ").first { JID.isValid(String($0)) }.map(String.init), said)
        let listed = try cluster.run("brine-run", "jobs.list_job", jid, "--out", "json")
        XCTAssertTrue(listed.stdout.contains("The job was not published"), listed.stdout + listed.stderr)
    }

    /// The publisher thread cannot go on once its server's program is gone (uninstalled): the master
    /// exits non-zero with one line saying why, instead of taking jobs that reach no one.
    func testMasterExitsWhenThePublishServerCannotBeStartedAgain() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let program = cluster.root + "/brine-master"
        try FileSystem.write(program, FileSystem.read(Binaries.path("brine-master")), mode: 0o755)
        let master = try ChildProcess([program, "-c", cluster.masterConfigDir], outputPath: cluster.root + "/master.log")
        // Started (a publish server killed during the start ends the master another way).
        try cluster.waitUntilReady(master)
        let server = try XCTUnwrap(ProcessTable.children(of: master.pid).first)

        FileSystem.remove(program)
        kill(server, SIGKILL)
        try cluster.waitUntil("brine-master to give up", timeout: 40) { !master.isRunning }
        let status = try XCTUnwrap(master.exitStatus)
        XCTAssertEqual(status & 0x7f, 0, "brine-master exits, it is not killed")
        XCTAssertEqual((status >> 8) & 0xff, 1)
        let log = cluster.log("master")
        XCTAssertTrue(
            log.contains("brine-master: the publisher thread stopped: 3 starts in a row failed: cannot start the publish server: "), log)
        XCTAssertEqual(log.split(separator: "\n").filter { $0.contains("thread stopped:") }.count, 1, "one line says why: \(log)")
        XCTAssertFalse(log.contains("brine-master shutting down"), log)
    }

    func testMasterStopsWhenThePublishPortIsTaken() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let squatter = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(squatter) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(cluster.publishPort).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(squatter, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(squatter, 1), 0)

        let master = try ChildProcess(
            [Binaries.path("brine-master"), "-c", cluster.masterConfigDir], outputPath: cluster.root + "/master.log")
        try cluster.waitUntil("brine-master to give up", timeout: 20) { !master.isRunning }
        let status = try XCTUnwrap(master.exitStatus)
        XCTAssertEqual((status >> 8) & 0xff, 1)
        XCTAssertTrue(cluster.log("master").contains("brine-master: cannot start: "), cluster.log("master"))
        XCTAssertTrue(cluster.log("master").contains("Address already in use"), cluster.log("master"))
    }
}
