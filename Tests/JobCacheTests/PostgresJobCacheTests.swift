import BrineCore
import BrineTesting
import JobCache
import MessagePack
import PostgreSQL
import XCTest

/// The PostgreSQL job cache against a real server (`scripts/postgres`, started by `scripts/test`);
/// skipped, saying why, when the environment names none.
final class PostgresJobCacheTests: XCTestCase {
    var settings = PostgresSettings()
    var cache: PostgresJobCache!

    override func setUpWithError() throws {
        guard let fresh = try TestPostgres.freshDatabase(name) else { throw XCTSkip(TestPostgres.skipReason) }
        settings = fresh
        cache = try PostgresJobCache(settings: settings, migrate: true)
    }

    func job(_ jid: String, _ function: String = "test.ping", at time: Double = 1_000, minions: [String] = ["a", "b"]) -> JobRecord {
        JobRecord(jid: jid, function: .text(function), arguments: ["x", 1.5], target: "*", targetType: "glob", user: "root",
                  startedAt: time, minions: minions, metadata: ["ticket": 42])
    }

    func ret(_ jid: String, _ minion: String, _ value: MessagePackValue = true, success: Bool = true) -> ReturnRecord {
        ReturnRecord(jid: jid, minion: minion, value: value, retcode: success ? 0 : 1, success: success, outputter: "txt", returnedAt: 1_001.25)
    }

    func testJobsAndReturnsRoundTrip() throws {
        let jid = "20260101000000000001"
        try cache.apply([.job(job(jid)), .ret(ret(jid, "a", ["x": .binary([0, 255, 10])]))])
        let stored = try XCTUnwrap(try cache.job(jid))
        XCTAssertEqual(stored.job, job(jid))
        XCTAssertEqual(stored.returned, 1)
        XCTAssertEqual(try cache.returns(jid), [ret(jid, "a", ["x": .binary([0, 255, 10])])])
        XCTAssertEqual(try cache.counts().returns, 1)
    }

    /// As in SQLite: a return sent again changes nothing, one stored before its job counts when the job
    /// comes, and a repeat inside one batch is stored (and counted) once.
    func testRepeatsAndCountersWhenTheJobComesInTheMiddleOfABatch() throws {
        let jid = "20260101000000000003"
        let changed = try cache.apply([
            .ret(ret(jid, "a")), .job(job(jid, minions: ["a", "b", "c"])), .ret(ret(jid, "b", success: false)),
            .ret(ret(jid, "b", success: false)), .ret(ret(jid, "c")),
        ])
        XCTAssertEqual(changed, [true, true, true, false, true])
        XCTAssertEqual(try cache.apply([.ret(ret(jid, "c"))]), [false])
        let stored = try XCTUnwrap(try cache.job(jid))
        XCTAssertEqual(stored.returned, 3)
        XCTAssertEqual(stored.failed, 1)
    }

    /// The counters of a batch go in one statement with arrays of jids: any text survives the quoting.
    func testCountersOfJobsWithOddIDs() throws {
        let jids = ["a\"b", "c\\d", "e,f", "{g}", "h i", "NULL", ""]
        try cache.apply(jids.map { .job(job($0)) })
        try cache.apply(jids.flatMap { [.ret(ret($0, "a")), .ret(ret($0, "b", success: false))] })
        for jid in jids {
            let stored = try XCTUnwrap(try cache.job(jid), jid)
            XCTAssertEqual(stored.returned, 2, jid)
            XCTAssertEqual(stored.failed, 1, jid)
        }
    }

    /// A listing decodes each job's msgpack columns where libpq holds them: every field comes back
    /// (a job without metadata too, and bytes that are not msgpack as nil), oldest first, and a limit
    /// keeps the newest.
    func testListingReadsEveryFieldInJidOrder() throws {
        var bare = job("20260101000000000051", "cmd.run", at: 200)
        bare.metadata = nil
        bare.target = ["web1", "web2"]
        try cache.apply([.job(job("20260101000000000050", at: 100)), .job(bare), .job(job("20260101000000000052", at: 300))])
        let connection = try PostgresConnection(parameters: settings.connectionParameters)
        try connection.query("UPDATE jobs SET arg = '\\xc1'::bytea WHERE jid = '20260101000000000052'")
        var broken = job("20260101000000000052", at: 300)
        broken.arguments = .nil
        let listed = try cache.jobs()
        XCTAssertEqual(listed.map(\.job), [job("20260101000000000050", at: 100), bare, broken].map { record in
            var listing = record
            listing.minions = []
            return listing
        })
        XCTAssertEqual(listed.map(\.expected), [2, 2, 2])
        var newest = JobFilter()
        newest.limit = 2
        XCTAssertEqual(try cache.jobs(newest).map(\.job.jid), ["20260101000000000051", "20260101000000000052"])
    }

    /// A database an earlier version made keeps each job's expected minions when they move to their
    /// own table (migration v5).
    func testExpectedMinionsMoveApartWithTheirJobs() throws {
        try cache.apply([.job(job("20260101000000000060", minions: ["a", "b", "c"])), .job(job("20260101000000000061"))])
        let connection = try PostgresConnection(parameters: settings.connectionParameters)
        // The tables as v4 left them: the minions in the jobs' rows.
        try connection.execute("""
            ALTER TABLE jobs ADD COLUMN minions bytea;
            UPDATE jobs SET minions = job_minions.minions FROM job_minions WHERE jobs.jid = job_minions.jid;
            DROP TABLE job_minions;
            DELETE FROM brine_migrations WHERE name = 'v5: expected minions apart';
            """)
        let upgraded = try PostgresJobCache(settings: settings, migrate: true)
        XCTAssertEqual(try upgraded.job("20260101000000000060")?.job.minions, ["a", "b", "c"])
        XCTAssertEqual(try upgraded.job("20260101000000000061")?.job.minions, ["a", "b"])
        XCTAssertEqual(try upgraded.purge(startedBefore: 2_000), 2)
        XCTAssertEqual(try connection.query("SELECT count(*) FROM job_minions").int(0, 0), 0)
    }

    func testLargeBatchSpansSeveralInserts() throws {
        let jid = "20260101000000000004"
        let minions = (0..<12_500).map { "m\($0)" }
        try cache.apply([.job(job(jid, minions: minions))] + minions.map { .ret(ret(jid, $0)) })
        XCTAssertEqual(try cache.job(jid)?.returned, 12_500)
        XCTAssertEqual(try cache.returns(jid).map(\.minion), minions.sorted())
    }

    func testMinionsNotSentAndPurge() throws {
        try cache.apply([
            .minion(MinionRecord(id: "a", grains: ["os": "Debian"], lastSeen: 5)),
            .minion(MinionRecord(id: "a", grains: ["os": "Arch"], pillar: ["role": "web"], lastSeen: 6)),
            .minion(MinionRecord(id: "b", grains: [:], lastSeen: 6)),
            .job(job("20260101000000000010", at: 100)), .job(job("20260101000000000011", at: 200)),
            .ret(ret("20260101000000000010", "a")),
            .notSent(jid: "20260101000000000011", reason: "the publish server is down"),
        ])
        XCTAssertEqual(try cache.apply([.forgetMinion("b"), .forgetMinion("b")]), [true, false])
        XCTAssertEqual(try cache.minions(), [MinionRecord(id: "a", grains: ["os": "Arch"], pillar: ["role": "web"], lastSeen: 6)])
        XCTAssertEqual(try cache.job("20260101000000000011")?.notSent, "the publish server is down")
        XCTAssertEqual(try cache.purge(startedBefore: 150), 1)
        XCTAssertEqual(try cache.jobs().map(\.job.jid), ["20260101000000000011"])
        XCTAssertEqual(try cache.counts().returns, 0)
    }

    func testFunctionFiltersEscapeLikeCharacters() throws {
        try cache.apply([
            .job(job("20260101000000000020", "cmd.run")), .job(job("20260101000000000021", "cmd_run")),
            .job(job("20260101000000000022", "cmdxrun")), .job(job("20260101000000000023", "test.ping")),
        ])
        var filter = JobFilter()
        filter.functions = ["cmd_*"]
        XCTAssertEqual(try cache.jobs(filter).map(\.job.jid), ["20260101000000000021"])
        filter.functions = ["cmd.run", "test.*"]
        XCTAssertEqual(try cache.jobs(filter).map(\.job.jid), ["20260101000000000020", "20260101000000000023"])
        filter.functions = ["cmd?run"]
        XCTAssertEqual(try cache.jobs(filter).map(\.job.jid), ["20260101000000000020", "20260101000000000021", "20260101000000000022"])
    }

    /// Two masters start on one database: the migrations run once.
    func testMigratingAgainChangesNothing() throws {
        try cache.apply([.job(job("20260101000000000030"))])
        let second = try PostgresJobCache(settings: settings, migrate: true)
        XCTAssertEqual(try second.jobs().map(\.job.jid), ["20260101000000000030"])
    }

    func testAToolReadingADatabaseNoMasterMadeIsToldSo() throws {
        guard let empty = try TestPostgres.freshDatabase("empty") else { throw XCTSkip(TestPostgres.skipReason) }
        let reader = try PostgresJobCache(settings: empty, migrate: false)
        XCTAssertThrowsError(try reader.jobs()) { error in
            XCTAssertTrue("\(error)".contains("has brine-master run with this config?"), "\(error)")
        }
    }

    /// A server that cannot be reached is `JobCacheUnavailable` (the writer waits and tries again),
    /// carrying libpq's reason.
    func testAnUnreachableServerIsUnavailable() throws {
        var gone = settings
        gone.port = try FreePort.next()
        XCTAssertThrowsError(try PostgresJobCache(settings: gone, migrate: true)) { error in
            XCTAssertTrue(error is JobCacheUnavailable, "\(error)")
            XCTAssertTrue("\(error)".contains("cannot be reached"), "\(error)")
        }
    }

    /// `postgres.host` starting with `/` is the directory of the server's Unix socket, as in libpq.
    func testAUnixSocketDirectoryAsHost() throws {
        guard let socket = TestPostgres.socketDirectory else { throw XCTSkip(TestPostgres.skipReason) }
        try cache.apply([.job(job("20260101000000000040"))])
        var local = settings
        local.host = socket
        local.password = nil
        XCTAssertEqual(try PostgresJobCache(settings: local, migrate: false).jobs().map(\.job.jid), ["20260101000000000040"])
    }

    func testServerErrorsCarryTheServersMessage() throws {
        let connection = try PostgresConnection(parameters: settings.connectionParameters)
        XCTAssertThrowsError(try connection.query("SELECT * FROM no_such_table")) { error in
            let failure = error as? PostgresError
            XCTAssertEqual(failure?.sqlState, "42P01")
            XCTAssertEqual(failure?.connectionLost, false)
            XCTAssertTrue(failure?.message.contains("no_such_table") == true, "\(error)")
        }
        let rows = try connection.query(
            "SELECT $1::int + 1, $2::bytea, $3::text, (-5)::int2, (-7)::int4, (-9)::int8, $4::float8, $5::bool, $6::text, ''::bytea",
            [41, .bytes([1, 2]), .null, .double(-2.5), .bool(true), "é\"x"])
        XCTAssertEqual(rows.int(0, 0), 42)
        XCTAssertEqual(rows.bytes(0, 1), [1, 2])
        XCTAssertEqual(rows.withValue(0, 1) { Array($0) }, [1, 2])
        XCTAssertTrue(rows.isNull(0, 2))
        XCTAssertNil(rows.withValue(0, 2) { $0.count })
        XCTAssertEqual(rows.withValue(0, 9) { $0.count }, 0, "empty, not NULL")
        XCTAssertEqual([rows.int(0, 3), rows.int(0, 4), rows.int(0, 5)], [-5, -7, -9])
        XCTAssertEqual(rows.double(0, 6), -2.5)
        XCTAssertEqual(rows.bool(0, 7), true)
        XCTAssertEqual(rows.string(0, 8), "é\"x")
    }
}
