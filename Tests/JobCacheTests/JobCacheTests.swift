import BrineCore
import BrineTesting
import GRDB
import JobCache
import MessagePack
import XCTest

final class JobCacheTests: XCTestCase {
    var directory = ""
    var cache: JobCache!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory.make("jobcache")
        cache = try JobCache(path: JobCache.path(cachedir: directory))
    }

    func job(_ jid: String, _ function: String = "test.ping", target: MessagePackValue = "*", at time: Double = 1_000,
             minions: [String] = ["a", "b"], metadata: MessagePackValue? = nil) -> JobRecord {
        JobRecord(jid: jid, function: .text(function), arguments: [], target: target, targetType: "glob", user: "root",
                  startedAt: time, minions: minions, metadata: metadata)
    }

    func ret(_ jid: String, _ minion: String, _ value: MessagePackValue = true, success: Bool = true) -> ReturnRecord {
        ReturnRecord(jid: jid, minion: minion, value: value, retcode: success ? 0 : 1, success: success, outputter: nil, returnedAt: 1_001)
    }

    func testJobsAndReturnsRoundTrip() throws {
        try cache.apply([.job(job("20260101000000000001", metadata: ["ticket": 42])), .ret(ret("20260101000000000001", "a", ["x": 1]))])
        let stored = try XCTUnwrap(try cache.job("20260101000000000001"))
        XCTAssertEqual(stored.job, job("20260101000000000001", metadata: ["ticket": 42]))
        XCTAssertEqual(stored.returned, 1)
        XCTAssertNil(stored.notSent)
        XCTAssertEqual(try cache.returns("20260101000000000001").map(\.value), [["x": 1]])
    }

    func testDuplicateReturnsAreIgnoredAndEarlyReturnsCount() throws {
        try cache.apply([.ret(ret("20260101000000000002", "a"))])
        try cache.apply([.job(job("20260101000000000002")), .ret(ret("20260101000000000002", "a")), .ret(ret("20260101000000000002", "b", success: false))])
        try cache.apply([.ret(ret("20260101000000000002", "b", success: false))])
        let stored = try XCTUnwrap(try cache.job("20260101000000000002"))
        XCTAssertEqual(stored.returned, 2)
        XCTAssertEqual(stored.failed, 1)
        XCTAssertEqual(try cache.returns("20260101000000000002").count, 2)
    }

    /// Counters are kept per batch: a job arriving between its returns counts each once, and a return
    /// sent again in the same batch is not counted twice.
    func testCountersWhenTheJobComesInTheMiddleOfABatch() throws {
        let jid = "20260101000000000003"
        let changed = try cache.apply([
            .ret(ret(jid, "a")), .job(job(jid, minions: ["a", "b", "c"])), .ret(ret(jid, "b", success: false)),
            .ret(ret(jid, "b", success: false)), .ret(ret(jid, "c")),
        ])
        XCTAssertEqual(changed, [true, true, true, false, true])
        let stored = try XCTUnwrap(try cache.job(jid))
        XCTAssertEqual(stored.returned, 3)
        XCTAssertEqual(stored.failed, 1)
    }

    func testFilters() throws {
        try cache.apply([
            .job(job("20260101000000000010", "test.ping", target: "web*", at: 100)),
            .job(job("20260101000000000011", "cmd.run", target: ["db1", "db2"], at: 200, metadata: ["ticket": 7])),
            .job(job("20260101000000000012", "cmd.run_all", target: "*", at: 300, minions: ["a"])),
            .ret(ret("20260101000000000012", "a")),
            .ret(ret("20260101000000000011", "db1", success: false)),
        ])
        func jids(_ configure: (inout JobFilter) -> Void) throws -> [String] {
            var filter = JobFilter()
            configure(&filter)
            return try cache.jobs(filter).map { String($0.job.jid.suffix(2)) }
        }
        XCTAssertEqual(try jids { _ in }, ["10", "11", "12"])
        XCTAssertEqual(try jids { $0.functions = ["cmd.*"] }, ["11", "12"])
        XCTAssertEqual(try jids { $0.functions = ["test.ping", "cmd.run"] }, ["10", "11"])
        XCTAssertEqual(try jids { $0.targets = ["db2"] }, ["11"])
        XCTAssertEqual(try jids { $0.targets = ["web*"] }, ["10"])
        XCTAssertEqual(try jids { $0.metadata = [MessagePackPair("ticket", 7)] }, ["11"])
        XCTAssertEqual(try jids { $0.startTime = 150 }, ["11", "12"])
        XCTAssertEqual(try jids { $0.endTime = 250 }, ["10", "11"])
        XCTAssertEqual(try jids { $0.status = .complete }, ["12"])
        XCTAssertEqual(try jids { $0.status = .incomplete }, ["10", "11"])
        XCTAssertEqual(try jids { $0.status = .failed }, ["11"])
        XCTAssertEqual(try jids { $0.limit = 2 }, ["11", "12"])
        XCTAssertEqual(try jids { $0.functions = ["[!t]*"] }, ["11", "12"])
    }

    /// A listing decodes each job's msgpack columns where SQLite holds them: every field comes back
    /// (without the expected minions, which a listing never shows), a job without metadata too.
    func testListingReadsEveryField() throws {
        let jobs = [job("20260101000000000040", metadata: ["ticket": 42]), job("20260101000000000041", "cmd.run", target: ["a", "b"])]
        try cache.apply(jobs.map { .job($0) })
        XCTAssertEqual(try cache.jobs().map(\.job), jobs.map { record in
            var listing = record
            listing.minions = []
            return listing
        })
        XCTAssertEqual(try cache.jobs().map(\.expected), [2, 2])
    }

    /// A cache an earlier version made keeps each job's expected minions when they move to their own
    /// table (migration v5).
    func testExpectedMinionsMoveApartWithTheirJobs() throws {
        try cache.apply([.job(job("20260101000000000050", minions: ["a", "b", "c"])), .job(job("20260101000000000051"))])
        cache = nil
        // The tables as v4 left them: the minions in the jobs' rows.
        try DatabaseQueue(path: JobCache.path(cachedir: directory)).write { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN minions BLOB;
                UPDATE jobs SET minions = (SELECT minions FROM job_minions WHERE job_minions.jid = jobs.jid);
                DROP TABLE job_minions;
                DELETE FROM grdb_migrations WHERE identifier = 'v5: expected minions apart';
                """)
        }
        let upgraded = try JobCache(path: JobCache.path(cachedir: directory))
        XCTAssertEqual(try upgraded.job("20260101000000000050")?.job.minions, ["a", "b", "c"])
        XCTAssertEqual(try upgraded.job("20260101000000000051")?.job.minions, ["a", "b"])
        XCTAssertEqual(try upgraded.purge(startedBefore: 2_000), 2)
        XCTAssertNil(try upgraded.job("20260101000000000050"))
    }

    func testPurgeRemovesOldJobsAndTheirReturns() throws {
        try cache.apply([.job(job("20260101000000000020", at: 10)), .ret(ret("20260101000000000020", "a")),
                         .job(job("20260101000000000021", at: 1000))])
        XCTAssertEqual(try cache.purge(startedBefore: 500), 1)
        XCTAssertNil(try cache.job("20260101000000000020"))
        XCTAssertTrue(try cache.returns("20260101000000000020").isEmpty)
        XCTAssertNotNil(try cache.job("20260101000000000021"))
    }

    func testReadOnlyReaderSeesWrites() throws {
        try cache.apply([.job(job("20260101000000000030"))])
        let reader = try JobCache(readingAt: cache.path)
        XCTAssertEqual(try reader.jobs().count, 1)
        XCTAssertThrowsError(try JobCache(readingAt: directory + "/missing.sqlite"))
    }

    func testMinionRecords() throws {
        let record = MinionRecord(id: "a", grains: ["os": "Debian"], pillar: ["role": "web"], lastSeen: 5)
        try cache.apply([.minion(record), .minion(MinionRecord(id: "b", grains: [:], lastSeen: 6)), .forgetMinion("b")])
        XCTAssertEqual(try cache.minions(), [record])
    }
}
