import BrineCore
import BrineTesting
import Client
import JobCache
import MessagePack
import XCTest

/// The jobs runner answers the same on SQLite and on PostgreSQL for the same data: the same calls,
/// through the code `brine-run` runs, against both caches filled alike. Skipped when no PostgreSQL is
/// configured (`scripts/test` starts one).
final class RunnerParityTests: XCTestCase {
    func testJobsRunnerAnswersTheSameOnBothBackends() throws {
        guard let postgres = try TestPostgres.freshDatabase("parity") else { throw XCTSkip(TestPostgres.skipReason) }
        let sqliteConfig = try MasterConfig(options: ["cachedir": .text(try TemporaryDirectory.make("parity"))])
        let postgresConfig = try MasterConfig(options: [
            "master_job_cache": "postgres", "postgres.host": .text(postgres.host), "postgres.port": .int(Int64(postgres.port)),
            "postgres.db": .text(postgres.database), "postgres.user": .text(postgres.user),
            "postgres.pass": postgres.password.map(MessagePackValue.text) ?? .nil,
        ])
        let writes = Self.sampleWrites()
        for config in [sqliteConfig, postgresConfig] {
            try config.openJobCache(forWriting: true).apply(writes)
        }
        let calls: [[String]] = [
            ["jobs.list_jobs"],
            ["jobs.list_jobs", "search_function=cmd.*"],
            ["jobs.list_jobs", "search_function=*.ping,grains.item?"],
            ["jobs.list_jobs", "search_target=web*"],
            ["jobs.list_jobs", "search_metadata={\"ticket\": 7}"],
            ["jobs.list_jobs", "status=failed"],
            ["jobs.list_jobs", "status=incomplete"],
            ["jobs.list_jobs", "status=complete", "limit=2"],
            ["jobs.list_jobs", "start_time=20260101000000000003", "end_time=20260101000000000006"],
            ["jobs.lookup_jid", "20260101000000000002"],
            ["jobs.lookup_jid", "20260101000000000002", "missing=True"],
            ["jobs.list_job", "20260101000000000004"],
            ["jobs.print_job", "20260101000000000005"],
            ["jobs.exit_success", "20260101000000000002"],
            ["jobs.last_run", "function=cmd.run"],
            ["jobs.lookup_jid", "20990101000000000000"],
        ]
        for words in calls {
            let call = RunnerCall(function: words[0], arguments: CommandLineArguments.parse(Array(words.dropFirst())))
            let fromSQLite = try Runners.run(call, config: sqliteConfig)
            let fromPostgres = try Runners.run(call, config: postgresConfig)
            XCTAssertEqual(fromSQLite, fromPostgres, "\(words.joined(separator: " "))")
            XCTAssertNotEqual(fromSQLite, .nil, "\(words.joined(separator: " "))")
        }
    }

    /// Jobs of several functions, targets, users and fates, with returns, failures and silent minions.
    static func sampleWrites() -> [JobCache.Write] {
        var writes: [JobCache.Write] = []
        let functions = ["test.ping", "cmd.run", "grains.items", "test.ping", "cmd.run", "state.apply", "test.ping"]
        for (index, function) in functions.enumerated() {
            let jid = "2026010100000000000\(index)"
            let minions = ["web1", "web2", "db1"].prefix(index % 3 + 1).map { $0 }
            writes.append(.job(JobRecord(
                jid: jid, function: .text(function), arguments: index % 2 == 0 ? [] : ["uptime", ["__kwarg__": true, "cwd": "/"]],
                target: index % 2 == 0 ? "*" : (index == 3 ? ["web1", "db1"] : "web*"), targetType: index == 3 ? "list" : "glob",
                user: index == 4 ? "sudo_alice" : "root", startedAt: 1_767_225_600 + Double(index),
                minions: minions, metadata: index == 5 ? ["ticket": 7] : nil)))
            for (number, minion) in minions.enumerated() where !(index == 2 && number == 1) {
                let failed = index == 4 && number == 0
                writes.append(.ret(ReturnRecord(
                    jid: jid, minion: minion, value: failed ? "command not found" : ["out": .text("\(minion) \(index)"), "n": .double(0.1)],
                    retcode: failed ? 127 : 0, success: !failed, outputter: index == 1 ? "txt" : nil,
                    returnedAt: 1_767_225_600.5 + Double(index))))
            }
        }
        writes.append(.notSent(jid: "20260101000000000006", reason: "the publish server is down"))
        return writes
    }
}
