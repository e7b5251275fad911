import ArgumentParser
import BrineCore
import BrineTesting
import SwarmBenchmark

#if canImport(Glibc)
import Glibc
#endif

/// `brine-bench multimaster`: two brine-masters and a swarm whose minions speak to both (hot
/// multi-master), then the failover round: a master killed during a stream of jobs from the other.
/// Prints one table and writes it to `<output>/multimaster.md`.
struct MultiMasterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "multimaster", abstract: "Two masters: hot multi-master test.ping from each, and a failover under kill -9.")

    @Option(help: "Swarm minions, each connected to both masters.") var minions = 2_000
    @Option(help: "Swarm minions of the failover round (connected to both masters).") var failoverSwarm = 500
    @Option(help: "Failover-mode brine-minions (master a first) in the failover round.") var failoverMinions = 10
    @Option(help: "Their master_alive_interval, seconds.") var aliveInterval = 2
    @Option(help: "Where the simulated minions' keys are kept between runs.")
    var keyDir = (getenv("HOME").map { String(cString: $0) } ?? "/tmp") + "/.cache/brine-swarm/keys"
    @Option(help: "Minions started per second.") var startRate = 500.0
    @Option(help: "At most this many minions starting up at once.") var maxStarting = 50
    @Option(help: "Seconds the CLI waits for returns (-t).") var cliTimeout = 60.0
    @Option(help: "test.ping runs per master (the median is reported).") var pings = 3
    @Option(help: "Directory for multimaster.md.") var output = ".bench"

    func run() throws {
        BenchProcesses.shared.stopAllOnTermination()
        let scratch = try TemporaryDirectory.make("multimaster-bench")
        let binDirectory = FileSystem.parent(of: CommandLine.arguments[0])
        let base = SwarmBenchmark(
            programs: BenchMaster.Programs(brineBin: binDirectory, saltVenv: nil), swarmBinary: binDirectory + "/brine-swarm",
            keyDir: keyDir, startRate: startRate, maxStarting: maxStarting, directory: scratch, cliTimeout: cliTimeout, pings: pings)
        let benchmark = MultiMasterBenchmark(base)
        Console.error("multi-master benchmark: \(minions) swarm minions on two masters...\n")
        let hot = try benchmark.hot(minions: minions)
        Console.error("multi-master benchmark: failover, \(failoverSwarm) swarm minions and \(failoverMinions) failover brine-minions...\n")
        let failover = try benchmark.failover(hotMinions: failoverSwarm, failoverMinions: failoverMinions, aliveInterval: aliveInterval)
        let table = MultiMasterReport.table(hot, failover)
        Console.out(table)
        FileSystem.makeDirectories(output)
        try FileSystem.write(output + "/multimaster.md", table)
        if hot.note == nil && failover.note == nil {
            _ = try? ProcessRunner.shell("rm -rf '\(scratch)'")
        } else {
            Console.error("logs are in \(scratch)\n")
        }
    }
}
