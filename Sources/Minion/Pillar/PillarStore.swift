public import MessagePack
import Synchronization
public import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// The minion's pillar, as the master last sent it, kept in memory only (it may hold secrets).
///
/// Only the socket thread talks to the master, so a job that wants a fresh pillar
/// (`saltutil.refresh_pillar`, `pillar.items`) asks here and the socket thread, woken, fetches it;
/// the job may wait for that with a timeout.
public final class PillarStore: Sendable {
    private struct State {
        var pillar: MessagePackValue = [:]
        /// Refreshes asked for, and the last of them the socket thread has answered.
        var requested: UInt64 = 0
        var answered: UInt64 = 0
        var started: UInt64 = 0
        /// Whether a socket thread is there to answer refreshes (not under `brine-call`).
        var served = false
    }

    private let state = Mutex(State())
    private let wake: WakeSignal?

    /// `wake` is the socket thread's wake signal. Until a socket thread says it serves (`brine-call`
    /// has none), refreshes are not waited for and the pillar stays empty.
    public init(wake: WakeSignal? = nil) {
        self.wake = wake
    }

    public var current: MessagePackValue { state.withLock { $0.pillar } }

    /// The pillar the master sent; answers every refresh asked for before it was fetched.
    func replace(_ pillar: MessagePackValue, answering ticket: UInt64? = nil) {
        state.withLock {
            $0.pillar = pillar.mapValue != nil ? pillar : [:]
            $0.answered = max($0.answered, ticket ?? $0.answered)
        }
    }

    /// Asks the socket thread for a fresh pillar; the ticket is what `waitForRefresh` waits for.
    public func requestRefresh() -> UInt64 {
        let ticket = state.withLock { state -> UInt64 in
            state.requested += 1
            return state.requested
        }
        wake?.signal()
        return ticket
    }

    /// For the socket thread, while it runs: refreshes asked for will be answered.
    func setServed(_ served: Bool) {
        state.withLock { $0.served = served }
    }

    /// For the socket thread: the newest refresh asked for and not yet started, if any.
    func takeRefreshRequest() -> UInt64? {
        state.withLock { state -> UInt64? in
            guard state.requested > state.started else { return nil }
            state.started = state.requested
            return state.requested
        }
    }

    /// For the socket thread, when the master could not be asked: the request stays pending.
    func refreshFailed(_ ticket: UInt64) {
        state.withLock { if $0.started == ticket { $0.started = $0.answered } }
    }

    /// Waits until the refresh `ticket` is answered or `timeout` seconds pass; true if answered.
    public func waitForRefresh(_ ticket: UInt64, timeout: Double) -> Bool {
        guard wake != nil, state.withLock({ $0.served }) else { return false }
        var waited = 0.0
        while state.withLock({ $0.answered < ticket }) {
            guard waited < timeout else { return false }
            usleep(20_000)
            waited += 0.02
        }
        return true
    }
}
