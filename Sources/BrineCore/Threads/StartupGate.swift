import Synchronization

/// Lets a starting thread report whether its setup (binding a port, say) worked, so the daemon fails
/// at start with the real error instead of running half-bound.
public final class StartupGate: Sendable {
    private let verdict = Semaphore()
    private let failure = Mutex<(any Error)?>(nil)

    public init() {}

    public func succeed() {
        verdict.signal()
    }

    public func fail(_ error: any Error) {
        failure.withLock { $0 = error }
        verdict.signal()
    }

    /// Waits for the thread's verdict; rethrows its setup error.
    public func wait() throws {
        verdict.wait()
        if let failure = failure.withLock({ $0 }) { throw failure }
    }
}
