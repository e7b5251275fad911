public import Logging
import Synchronization

/// How a daemon learns that one of its threads cannot go on: the thread reports here, the report is
/// logged as the one line that explains the exit, and `wake` gets the main thread out of its wait
/// (`Daemon.raiseTermination` for a main thread in `Daemon.waitForTermination`), which then stops
/// the daemon and exits non-zero because `reason` is set.
public final class DaemonFailure: Sendable {
    private let program: String
    private let logger: Logger
    private let wake: @Sendable () -> Void
    private let first = Mutex<String?>(nil)

    /// - Parameters:
    ///   - program: names the daemon in the log line (`brine-master`).
    ///   - wake: called on each report; none is needed when the loop that fails runs on the main thread.
    public init(program: String, logger: Logger, wake: @escaping @Sendable () -> Void = {}) {
        self.program = program
        self.logger = logger
        self.wake = wake
    }

    /// The first report, once a thread has stopped for good.
    public var reason: String? { first.withLock { $0 } }

    public func report(thread: String, _ error: any Error) {
        let line = "\(program): the \(thread) thread stopped: \(error); shutting down"
        first.withLock { first in
            if first == nil { first = line }
        }
        logger.critical("\(line)")
        wake()
    }
}
