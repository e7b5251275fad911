import ArgumentParser
import BrineCore
import BrineTesting
import SwarmBenchmark

#if canImport(Glibc)
import Glibc
#endif

/// `brine-bench swarm`: brine-master and a stock salt-master under growing swarms of simulated minions,
/// plus one real minion of each for the CLI round trip and idle memory. Prints one table and writes it
/// as Markdown and JSON (the chart script reads the JSON).
struct SwarmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm", abstract: "Masters under swarms of simulated minions: authentication, test.ping, CPU, memory.")

    @Option(help: "Swarm sizes, comma-separated.") var sizes = "1,100,1000,5000,10000"
    @Option(help: "Masters to measure, comma-separated: brine, salt (salt needs --salt-venv).") var systems = "brine,salt"
    @Option(help: "Skip sizes above this (default: BRINE_BENCH_MAX_MINIONS, else none).") var maxMinions: Int?
    @Option(help: "A venv with stock Salt 3008.5 (scripts/salt-venv); without it only Brine runs.") var saltVenv: String?
    @Option(help: "Where the simulated minions' keys are kept between runs.")
    var keyDir = (getenv("HOME").map { String(cString: $0) } ?? "/tmp") + "/.cache/brine-swarm/keys"
    @Option(help: "Minions started per second.") var startRate = 500.0
    @Option(help: "At most this many minions starting up at once, so a slow master is not swamped by _auth retries.")
    var maxStarting = 50
    @Option(help: "Seconds the CLI waits for returns (-t).") var cliTimeout = 60.0
    @Option(help: "test.ping runs per size (the median is reported).") var pings = 3
    @Option(help: "Directory for swarm.md and swarm.json.") var output = ".bench"
    @Flag(help: "Skip the real minions (CLI round trip, idle memory).") var noMinions = false

    func run() throws {
        BenchProcesses.shared.stopAllOnTermination()
        let scratch = try TemporaryDirectory.make("swarm-bench")
        let binDirectory = FileSystem.parent(of: CommandLine.arguments[0])
        let salt = saltVenv.flatMap { access($0 + "/bin/salt-master", X_OK) == 0 ? $0 : nil }
        let programs = BenchMaster.Programs(brineBin: binDirectory, saltVenv: salt)
        let benchmark = SwarmBenchmark(
            programs: programs, swarmBinary: binDirectory + "/brine-swarm", keyDir: keyDir, startRate: startRate,
            maxStarting: maxStarting, directory: scratch, cliTimeout: cliTimeout, pings: pings)
        var report = BenchmarkReport(machine: Self.machine())
        if salt == nil {
            report.notes.append("Salt not measured: no venv with salt-master (make one with scripts/salt-venv).")
        }
        let cap = maxMinions ?? getenv("BRINE_BENCH_MAX_MINIONS").flatMap { Int(String(cString: $0)) }
        let counts = sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters()) }.filter { cap == nil || $0 <= cap! }
        var measured = systems.split(separator: ",").compactMap { BenchMaster.Kind(rawValue: $0.trimmingCharacters()) }
            .filter { $0 == .brine || salt != nil }
        for count in counts {
            for system in measured {
                Console.error("swarm benchmark: \(system.title), \(count) minions...\n")
                let round = measure(benchmark, system, count)
                report.rounds.append(round)
                Console.error("  " + Self.summary(round) + "\n")
                if system == .salt && !round.complete {
                    measured.removeAll { $0 == .salt }
                    report.notes.append("salt-master could not hold \(count) minions (\(Self.summary(round))); larger swarms ran on Brine only.")
                }
            }
        }
        if !noMinions {
            for system in BenchMaster.Kind.allCases where system == .brine || salt != nil {
                Console.error("swarm benchmark: one real \(system.rawValue)-minion...\n")
                report.footprints.append(try MinionFootprint.measure(system, programs: programs, directory: scratch + "/minion-\(system.rawValue)"))
            }
        }
        let table = report.table()
        Console.out(table)
        FileSystem.makeDirectories(output)
        try FileSystem.write(output + "/swarm.md", table)
        try FileSystem.write(output + "/swarm.json", report.json())
        Console.error("wrote \(output)/swarm.md and \(output)/swarm.json\n")
        if report.rounds.filter({ $0.system == .brine }).allSatisfy(\.complete) {
            _ = try? ProcessRunner.shell("rm -rf '\(scratch)'")
        } else {
            Console.error("logs of the incomplete rounds are in \(scratch)\n")
        }
    }

    /// One round; a failure to start becomes a note in the round rather than the end of the benchmark.
    private func measure(_ benchmark: SwarmBenchmark, _ system: BenchMaster.Kind, _ count: Int) -> SwarmRound {
        do {
            return try benchmark.run(system, minions: count)
        } catch {
            var round = SwarmRound(system: system, minions: count)
            round.note = "\(error)"
            return round
        }
    }

    private static func summary(_ round: SwarmRound) -> String {
        if let note = round.note, round.answered == 0 { return note }
        let runs = round.pings.map { "\($0.answered) in \(String(format2: $0.seconds)) s" }.joined(separator: ", ")
        return "of \(round.minions) answered: \(runs); authentication \(round.authenticationSeconds.map { String(format2: $0) } ?? "-") s"
    }

    /// CPUs and kernel, for the report's header.
    private static func machine() -> String {
        let cpus = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        let model = ((try? FileSystem.readString("/proc/cpuinfo")) ?? "").split(separator: "\n")
            .first { $0.hasPrefix("model name") }?.split(separator: ":").last.map { String($0).trimmingCharacters() } ?? "unknown CPU"
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(cpus) CPUs (\(model)), Linux \(release)"
    }
}

extension StringProtocol {
    /// Without spaces at either end.
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
