import BrineCore
import Client
import JobCache
import MessagePack

/// Fills a job cache with `jobs` × `minionsPerJob` returns plus one job of `bigJob` minions, then
/// times the runner queries operators use, through the same code `brine-run` runs.
struct JobCacheBenchmark {
    let jobs: Int
    let minionsPerJob: Int
    let bigJob: Int
    let directory: String
    /// YAML lines choosing the backend (none: SQLite in `directory`).
    let backendOptions: String
    /// For PostgreSQL: the lines reaching the same database through the server's Unix socket, as a
    /// master on the database's machine may (`postgres.host: /var/run/postgresql`), no TCP nor SCRAM.
    var socketOptions: String?

    func run() throws -> [(String, Double)] {
        FileSystem.makeDirectories(directory)
        try FileSystem.write(directory + "/master", "cachedir: '\(directory)'\n" + backendOptions + "\n")
        let config = try MasterConfig.load(configDir: directory)
        let cache = try config.openJobCache(forWriting: true)
        var results: [(String, Double)] = []
        let base = 1_795_000_000_000_000 as UInt64
        let fill = try Stopwatch.measure {
            var batch: [JobCache.Write] = []
            for index in 0..<jobs {
                let jid = JID.format(microsecondsSinceEpoch: base + UInt64(index) * 1_000_000)
                let minions = (0..<minionsPerJob).map { "minion\($0)" }
                batch.append(.job(JobRecord(
                    jid: jid, function: index % 10 == 0 ? "cmd.run" : "test.ping", arguments: index % 10 == 0 ? ["uptime"] : [],
                    target: index % 7 == 0 ? "web*" : "*", targetType: "glob", user: "root",
                    startedAt: Double(base / 1_000_000) + Double(index), minions: minions)))
                for (number, minion) in minions.enumerated() {
                    let failed = index % 13 == 0 && number == 0
                    batch.append(.ret(ReturnRecord(
                        jid: jid, minion: minion, value: failed ? "boom" : true, retcode: failed ? 1 : 0, success: !failed,
                        outputter: nil, returnedAt: Double(base / 1_000_000) + Double(index) + 0.5)))
                }
                if batch.count >= 20_000 {
                    try cache.apply(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            let big = JID.format(microsecondsSinceEpoch: base + UInt64(jobs) * 1_000_000)
            let bigMinions = (0..<bigJob).map { "host\($0)" }
            batch.append(.job(JobRecord(
                jid: big, function: "test.ping", arguments: [], target: "*", targetType: "glob", user: "root",
                startedAt: Double(base / 1_000_000) + Double(jobs), minions: bigMinions)))
            for minion in bigMinions {
                batch.append(.ret(ReturnRecord(jid: big, minion: minion, value: true, retcode: 0, success: true, outputter: nil, returnedAt: 0)))
            }
            try cache.apply(batch)
        }
        let total = jobs * minionsPerJob + bigJob
        results.append(("fill \(total) returns (returns/s)", Double(total) / fill))
        let bigJID = JID.format(microsecondsSinceEpoch: base + UInt64(jobs) * 1_000_000)
        let queries: [(String, [String])] = [
            ("jobs.list_jobs (all \(jobs + 1) jobs) ms", ["jobs.list_jobs"]),
            ("jobs.list_jobs search_function=cmd.* ms", ["jobs.list_jobs", "search_function=cmd.*"]),
            ("jobs.list_jobs search_target=web* ms", ["jobs.list_jobs", "search_target=web*"]),
            ("jobs.list_jobs status=failed ms", ["jobs.list_jobs", "status=failed"]),
            ("jobs.list_jobs limit=100 ms", ["jobs.list_jobs", "limit=100"]),
            ("jobs.lookup_jid (\(bigJob) minions) ms", ["jobs.lookup_jid", bigJID]),
            ("jobs.lookup_jid (\(minionsPerJob) minions) ms", ["jobs.lookup_jid", JID.format(microsecondsSinceEpoch: base)]),
            ("jobs.last_run function=cmd.run ms", ["jobs.last_run", "function=cmd.run"]),
        ]
        results += try time(queries, config: config)
        if let socketOptions {
            let local = directory + "-socket"
            FileSystem.makeDirectories(local)
            try FileSystem.write(local + "/master", "cachedir: '\(local)'\n" + socketOptions + "\n")
            results += try time([
                ("jobs.list_jobs (all \(jobs + 1) jobs), Unix socket ms", ["jobs.list_jobs"]),
                ("jobs.list_jobs limit=100, Unix socket ms", ["jobs.list_jobs", "limit=100"]),
            ], config: try MasterConfig.load(configDir: local))
        }
        return results
    }

    /// Each call's median time over 5 runs, after one to warm up; each run opens the cache afresh, as
    /// a `brine-run` does.
    private func time(_ queries: [(String, [String])], config: MasterConfig) throws -> [(String, Double)] {
        try queries.map { name, words in
            let call = RunnerCall(function: words[0], arguments: CommandLineArguments.parse(Array(words.dropFirst())))
            _ = try Runners.run(call, config: config)
            return (name, try Stopwatch.median(runs: 5) { _ = try Runners.run(call, config: config) } * 1000)
        }
    }
}

/// Wall-clock timing for benchmarks.
enum Stopwatch {
    static func measure(_ body: () throws -> Void) rethrows -> Double {
        let start = Timestamp.monotonic()
        try body()
        return Timestamp.monotonic() - start
    }

    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<runs { times.append(try measure(body)) }
        return times.sorted()[runs / 2]
    }
}
