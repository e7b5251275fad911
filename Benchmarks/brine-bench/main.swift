import ArgumentParser
import BrineCore
import BrineTesting

#if canImport(Glibc)
import Glibc
#endif

/// `brine-bench`: measurements, never pass/fail tests. `scripts/bench` runs it in release mode.
struct BrineBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brine-bench", abstract: "Brine benchmarks.",
        subcommands: [JobCacheCommand.self, SwarmCommand.self, PillarCommand.self, MultiMasterCommand.self])
}

struct JobCacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobcache", abstract: "Job cache: fill, runner queries, and return ingest through a running master.")

    @Option(help: "Jobs to fill the cache with.") var jobs = 10_000
    @Option(help: "Returns per job.") var minionsPerJob = 100
    @Option(help: "Minions of the one big job looked up.") var bigJob = 10_000
    @Option(help: "Simulated minions sending returns for the ingest run.") var ingestMinions = 50
    @Option(help: "Returns each simulated minion sends.") var ingestReturns = 1_000
    @Flag(help: "Skip the ingest run (no master started).") var noIngest = false
    @Option(help: "sqlite, or postgres (the server of BRINE_POSTGRES_*, which scripts/bench starts).") var backend = "sqlite"

    func run() throws {
        let directory = try TemporaryDirectory.make("bench")
        /// The master config lines for the backend: a fresh PostgreSQL database per run; and the lines
        /// that reach the same database through the server's Unix socket, when it has one.
        func backendOptions(_ name: String) throws -> (tcp: String, socket: String?) {
            guard backend != "sqlite" else { return ("", nil) }
            guard backend == "postgres" else { throw ValidationError("--backend is sqlite or postgres, not \(backend)") }
            guard let settings = try TestPostgres.freshDatabase(name) else { throw ValidationError(TestPostgres.skipReason) }
            var local = settings
            local.host = TestPostgres.socketDirectory ?? ""
            local.password = nil
            return (TestPostgres.masterOptions(settings), local.host.isEmpty ? nil : TestPostgres.masterOptions(local))
        }
        let fill = try backendOptions("fill")
        var results = try JobCacheBenchmark(
            jobs: jobs, minionsPerJob: minionsPerJob, bigJob: bigJob, directory: directory + "/fill",
            backendOptions: fill.tcp, socketOptions: fill.socket).run()
        if !noIngest {
            let binDirectory = FileSystem.parent(of: CommandLine.arguments[0])
            results += try IngestBenchmark(
                minions: ingestMinions, returnsPerMinion: ingestReturns, binDirectory: binDirectory,
                directory: directory + "/ingest", backendOptions: try backendOptions("ingest").tcp).run()
        }
        Console.out("job cache backend: \(backend)\n")
        let width = results.map(\.0.count).max() ?? 0
        for (name, value) in results {
            Console.out(name + String(repeating: " ", count: width - name.count + 2) + String(format2: value) + "\n")
        }
        _ = try? ProcessRunner.shell("rm -rf '\(directory)'")
    }
}

extension String {
    /// A number with two decimals, without Foundation.
    init(format2 value: Double) {
        let scaled = Int((value * 100).rounded())
        let fraction = abs(scaled % 100)
        self = "\(scaled / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

BrineBenchCommand.main()
