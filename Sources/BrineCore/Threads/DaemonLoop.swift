public import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The one shape of every daemon thread's loop, after Choria's: run an iteration again and again;
/// an error is logged and the loop goes on (after a growing pause when errors come in a row); the
/// loop ends quietly only on shutdown, and a thread that cannot go on reports to `DaemonFailure`
/// instead of vanishing. "Cannot go on" is an iteration throwing `Fatal`, or `Backoff.limit` errors
/// in a row with no iteration succeeding between them (a broken socket fails every call).
public struct DaemonLoop: Sendable {
    /// Thrown by an iteration that knows its thread cannot go on.
    public struct Fatal: Error, CustomStringConvertible {
        public let description: String

        /// - Parameter context: what the thread was doing, when `error` does not say.
        public init(_ context: String? = nil, _ error: any Error) {
            description = context.map { "\($0): \(error)" } ?? "\(error)"
        }
    }

    /// Pauses between failing iterations: none after the first error, then `first` seconds doubling up
    /// to `longest`; `limit` errors in a row end the thread.
    public struct Backoff: Sendable {
        public var first: Double
        public var longest: Double
        public var limit: Int

        public init(first: Double, longest: Double, limit: Int) {
            self.first = first
            self.longest = longest
            self.limit = limit
        }

        /// About 7 s of retrying before giving up; a pause never keeps shutdown waiting over 2 s.
        public static let standard = Backoff(first: 0.05, longest: 2, limit: 10)

        func pause(afterFailures count: Int) -> Double {
            count < 2 ? 0 : min(first * Double(1 << min(count - 2, 30)), longest)
        }
    }

    /// The thread's name in log lines: "the publisher thread stopped: ...".
    public let name: String
    private let failure: DaemonFailure
    private let logger: Logger
    private let isShutdown: @Sendable (any Error) -> Bool
    private let backoff: Backoff

    /// - Parameter isShutdown: tells the error that means the daemon is stopping (libzmq's `ETERM`).
    public init(
        _ name: String, failure: DaemonFailure, logger: Logger, backoff: Backoff = .standard,
        isShutdown: @escaping @Sendable (any Error) -> Bool = { _ in false }
    ) {
        self.name = name
        self.failure = failure
        self.logger = logger
        self.backoff = backoff
        self.isShutdown = isShutdown
    }

    /// Runs `iteration` until `stopped()` says so before an iteration, an error means shutdown, or the
    /// thread cannot go on (reported to the `DaemonFailure`).
    public func run(until stopped: () -> Bool = { false }, _ iteration: () throws -> Void) {
        var failuresInARow = 0
        while !stopped() {
            do {
                try iteration()
                failuresInARow = 0
            } catch let error where isShutdown(error) {
                break
            } catch let error as Fatal {
                failure.report(thread: name, error)
                return
            } catch {
                failuresInARow += 1
                guard failuresInARow < backoff.limit else {
                    failure.report(thread: name, RepeatedFailure(count: failuresInARow, last: error))
                    return
                }
                let pause = backoff.pause(afterFailures: failuresInARow)
                let retry = pause > 0 ? "\(failuresInARow) errors in a row; retrying in \(pause) s" : "retrying"
                logger.error("\(name): \(error) (\(retry))")
                if pause > 0 { usleep(UInt32(pause * 1_000_000)) }
            }
        }
        logger.debug("the \(name) thread stopped for shutdown")
    }

    private struct RepeatedFailure: Error, CustomStringConvertible {
        let count: Int
        let last: any Error

        var description: String { "\(count) errors in a row, the last: \(last)" }
    }
}
