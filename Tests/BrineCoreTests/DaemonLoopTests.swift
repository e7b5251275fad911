import BrineCore
import Logging
import Synchronization
import XCTest

/// The one loop shape of daemon threads: errors are logged and the loop goes on; it ends quietly on
/// shutdown; a thread that cannot go on reports to the daemon, which then exits non-zero.
final class DaemonLoopTests: XCTestCase {
    private struct Broken: Error, CustomStringConvertible {
        let description: String
    }

    private struct Terminated: Error {}

    /// A daemon whose wake-ups are counted instead of raising SIGTERM at the test process.
    private final class Daemon: Sendable {
        private final class Wakes: Sendable {
            let count = Mutex(0)
        }

        private let wakeCount = Wakes()
        let failure: DaemonFailure

        init() {
            let wakes = wakeCount
            failure = DaemonFailure(program: "brine-test", logger: Logger(label: "test")) { wakes.count.withLock { $0 += 1 } }
        }

        var wakes: Int { wakeCount.count.withLock { $0 } }

        func loop(backoff: DaemonLoop.Backoff = DaemonLoop.Backoff(first: 0.001, longest: 0.001, limit: 3)) -> DaemonLoop {
            DaemonLoop("publisher", failure: failure, logger: Logger(label: "test"), backoff: backoff) { $0 is Terminated }
        }
    }

    func testAFatalErrorStopsTheDaemonWithOneClearReason() {
        let daemon = Daemon()
        var iterations = 0
        daemon.loop().run {
            iterations += 1
            if iterations == 2 { throw DaemonLoop.Fatal("reading the inbox", Broken(description: "socket is broken")) }
        }
        XCTAssertEqual(iterations, 2, "nothing runs after a fatal error")
        XCTAssertEqual(
            daemon.failure.reason,
            "brine-test: the publisher thread stopped: reading the inbox: socket is broken; shutting down")
        XCTAssertEqual(daemon.wakes, 1, "the main thread is woken")
    }

    func testErrorsAreRetriedAndASuccessResetsTheCount() {
        let daemon = Daemon()
        var iterations = 0
        daemon.loop().run(until: { iterations == 7 }) {
            iterations += 1
            if iterations % 3 != 0 { throw Broken(description: "try again") }
        }
        XCTAssertEqual(iterations, 7, "two errors in a row, then a success, never reach the limit of three")
        XCTAssertNil(daemon.failure.reason)
        XCTAssertEqual(daemon.wakes, 0)
    }

    func testErrorsWithoutProgressStopTheDaemon() {
        let daemon = Daemon()
        var iterations = 0
        daemon.loop().run {
            iterations += 1
            throw Broken(description: "Operation not supported in the current state")
        }
        XCTAssertEqual(iterations, 3)
        XCTAssertEqual(
            daemon.failure.reason,
            "brine-test: the publisher thread stopped: 3 errors in a row, the last: Operation not supported in the current state; shutting down")
    }

    func testShutdownEndsTheLoopQuietly() {
        let daemon = Daemon()
        var iterations = 0
        daemon.loop().run {
            iterations += 1
            if iterations == 4 { throw Terminated() }
        }
        XCTAssertEqual(iterations, 4)
        XCTAssertNil(daemon.failure.reason)
        XCTAssertEqual(daemon.wakes, 0)
    }

    func testBackoffGrowsAndIsCapped() {
        let start = Timestamp.monotonic()
        var iterations = 0
        Daemon().loop(backoff: DaemonLoop.Backoff(first: 0.02, longest: 0.05, limit: 5)).run {
            iterations += 1
            throw Broken(description: "down")
        }
        // No pause after the first error, then 0.02, 0.04 and 0.05 (capped) before the fifth gives up.
        XCTAssertEqual(Timestamp.monotonic() - start, 0.11, accuracy: 0.1)
        XCTAssertGreaterThanOrEqual(Timestamp.monotonic() - start, 0.11)
    }

    func testSemaphoreWakesAWaitingThread() {
        let semaphore = Semaphore()
        let woken = StopFlag()
        let thread = DaemonThread {
            semaphore.wait()
            woken.raise()
        }
        usleep(20_000)
        XCTAssertFalse(woken.isSet)
        semaphore.signal()
        thread.join()
        XCTAssertTrue(woken.isSet)
    }
}
