@testable import Master
import BrineCore
import BrineTesting
import JobCache
import Logging
import MessagePack
import Synchronization
import XCTest

/// The group commit: a record's completion runs only once a fresh reader sees it on disk, a return sent
/// again is recognised, and the queue refuses what it cannot hold instead of growing without bound.
final class JobCacheWriterTests: XCTestCase {
    func makeCache() throws -> JobCache {
        try JobCache(path: JobCache.path(cachedir: try TemporaryDirectory.make("writer-test")))
    }

    func record(_ minion: String) -> ReturnRecord {
        ReturnRecord(jid: "20261206120000000001", minion: minion, value: true, retcode: 0, success: true, outputter: nil, returnedAt: 1)
    }

    func testCompletionRunsOnceTheReturnIsCommitted() throws {
        let cache = try makeCache()
        let writer = JobCacheWriter(cache: cache, logger: Logger(label: "test"))
        let failure = DaemonFailure(program: "test", logger: Logger(label: "test"))
        writer.start(DaemonLoop("writer", failure: failure, logger: Logger(label: "test")))
        defer { writer.stop() }
        let seen = Mutex<[JobCacheWriter.Outcome: Int]>([:])
        let done = expectation(description: "both committed")
        done.expectedFulfillmentCount = 2
        for minion in ["m1", "m1"] {
            XCTAssertTrue(writer.submit(.ret(record(minion))) { outcome in
                let reader = try? JobCache(readingAt: cache.path)
                XCTAssertEqual(try? reader?.returns("20261206120000000001").count, 1, "committed before the completion runs")
                seen.withLock { $0[outcome, default: 0] += 1 }
                done.fulfill()
            })
        }
        wait(for: [done], timeout: 10)
        XCTAssertEqual(seen.withLock { $0 }, [.stored: 1, .unchanged: 1], "the second copy is recognised, not stored twice")
    }

    func testAFullQueueRefusesInsteadOfGrowing() throws {
        let writer = JobCacheWriter(cache: try makeCache(), logger: Logger(label: "test"), limits: .init(records: 2, bytes: 1 << 20))
        XCTAssertTrue(writer.submit(.ret(record("m1")), bytes: 100))
        XCTAssertTrue(writer.submit(.ret(record("m2")), bytes: 100))
        XCTAssertFalse(writer.submit(.ret(record("m3")), bytes: 100), "past the record bound")
        let small = JobCacheWriter(cache: try makeCache(), logger: Logger(label: "test"), limits: .init(records: 10, bytes: 1000))
        XCTAssertTrue(small.submit(.ret(record("m1")), bytes: 600))
        XCTAssertFalse(small.submit(.ret(record("m2")), bytes: 600), "past the byte bound")
        writer.stop()
        small.stop()
    }
}
