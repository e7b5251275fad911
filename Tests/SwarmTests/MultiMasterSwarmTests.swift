import BrineCore
import BrineTesting
import SwarmBenchmark
import XCTest

/// CI smoke test of `scripts/bench multimaster` at a small size: 30 simulated minions, each speaking to
/// two brine-masters, answer `test.ping` from both; then the failover round with 10 swarm minions and
/// two failover-mode brine-minions: no job of the stream loses a return when master a is killed, and
/// the failover minions answer master b within master_alive_interval + 5 s.
final class MultiMasterSwarmTests: XCTestCase {
    func testASwarmOnTwoMastersAndAFailover() throws {
        let scratch = try TemporaryDirectory.make("multimaster-test")
        let bin = SwarmSmokeTests.binDirectory
        let benchmark = MultiMasterBenchmark(SwarmBenchmark(
            programs: BenchMaster.Programs(brineBin: bin, saltVenv: nil), swarmBinary: bin + "/brine-swarm",
            keyDir: SwarmSmokeTests.keyDir, startRate: 500, maxStarting: 50, directory: scratch, cliTimeout: 20, pings: 1))
        let hot = try benchmark.hot(minions: 30)
        XCTAssertNil(hot.note)
        XCTAssertEqual(hot.masters.map(\.address), ["127.0.0.1", "127.0.0.2"])
        XCTAssertEqual(hot.masters.map(\.answered), [30, 30])
        let aliveInterval = 2
        let failover = try benchmark.failover(hotMinions: 10, failoverMinions: 2, aliveInterval: aliveInterval, jobs: 5)
        XCTAssertNil(failover.note)
        XCTAssertEqual(failover.jobs, 5)
        XCTAssertEqual(failover.lostJobs, 0)
        XCTAssertEqual(failover.lostReturns, 0)
        XCTAssertLessThanOrEqual(try XCTUnwrap(failover.failoverSeconds), Double(aliveInterval + 5))
        print(MultiMasterReport.table(hot, failover))
        _ = try? ProcessRunner.shell("rm -rf '\(scratch)'")
    }
}
