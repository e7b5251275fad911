import BrineCore
import BrineTesting
import SwarmBenchmark
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// CI smoke test of `scripts/bench swarm` at 50 minions, Brine only: brine-master and brine-swarm from the
/// build, every minion authenticated and answering `brine '*' test.ping` and `grains.items`, and nothing
/// left running afterwards.
final class SwarmSmokeTests: XCTestCase {
    static let minions = 50

    func testFiftySimulatedMinionsAuthenticateAndAnswer() throws {
        let scratch = try TemporaryDirectory.make("swarm-test")
        let bin = Self.binDirectory
        let benchmark = SwarmBenchmark(
            programs: BenchMaster.Programs(brineBin: bin, saltVenv: nil), swarmBinary: bin + "/brine-swarm",
            keyDir: Self.keyDir, startRate: 500, maxStarting: 50, directory: scratch, cliTimeout: 20, pings: 1)
        var started: [pid_t] = []
        let round = try benchmark.run(.brine, minions: Self.minions) { master, swarm in
            started = ProcessTable.pids(of: master.process.pid) + ProcessTable.pids(of: swarm.pid)
            let grains = try ProcessRunner.run(master.cli(["-t", "20", "--out", "txt", "*", "grains.items"]))
            XCTAssertEqual(grains.status, 0, grains.stdout + grains.stderr)
            let answers = grains.stdout.split(separator: "\n").filter { $0.hasPrefix("swarm-") && $0.contains("'os_family': 'Debian'") }
            XCTAssertEqual(answers.count, Self.minions, grains.stdout)
            XCTAssertTrue(grains.stdout.contains("'id': 'swarm-49'"), grains.stdout)
        }
        XCTAssertNil(round.note)
        XCTAssertNotNil(round.authenticationSeconds, "not all minions authenticated")
        XCTAssertEqual(round.answered, Self.minions)
        XCTAssertNotNil(round.returnsPerSecond, "the swarm did not report the master's acknowledgements")
        XCTAssertGreaterThan(round.peakResidentBytes, 0)
        XCTAssertFalse(started.isEmpty)
        for pid in started {
            XCTAssertNotEqual(kill(pid, 0), 0, "process \(pid) is still running")
        }
        _ = try? ProcessRunner.shell("rm -rf '\(scratch)'")
    }

    /// The simulated minions' keys, kept between runs like brine-swarm's default (making 50 takes seconds).
    static var keyDir: String {
        (getenv("HOME").map { String(cString: $0) } ?? "/tmp") + "/.cache/brine-swarm/keys"
    }

    /// The built executables: where BRINE_BIN_DIR says, or beside the test bundle.
    static var binDirectory: String {
        if let directory = getenv("BRINE_BIN_DIR") { return String(cString: directory) }
        var directory = FileSystem.parent(of: CommandLine.arguments[0])
        while directory.hasSuffix(".xctest") || directory.contains(".xctest/") {
            directory = FileSystem.parent(of: directory)
        }
        return directory
    }
}
