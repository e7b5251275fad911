import BrineCore
import ZeroMQ

/// Takes SIGINT and SIGTERM on a thread of its own (they are blocked everywhere else) and makes them
/// visible to a poll loop: `wake` becomes readable and `requested` true.
final class TerminationWatch: Sendable {
    let wake: WakeSignal
    private let flag = StopFlag()

    /// Call before starting any other thread, so that every thread inherits the blocked signals.
    init() throws {
        Daemon.blockTerminationSignals()
        wake = try WakeSignal()
        DaemonThread.detached { [self] in
            Daemon.waitForTermination()
            request()
        }
    }

    var requested: Bool { flag.isSet }

    /// Asks for the same stop a signal would.
    func request() {
        flag.raise()
        wake.signal()
    }
}
