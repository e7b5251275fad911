import BrineCore
import SaltWire
import Synchronization
import ZeroMQ

/// Finished jobs waiting to be sent. Job threads push; the minion's socket thread is woken to send.
/// A return the master did not take stays queued, in order, until it does.
final class ReturnQueue: Sendable {
    private let pending = Mutex<[JobReturn]>([])
    let wake: WakeSignal

    init() throws {
        wake = try WakeSignal()
    }

    func push(_ ret: JobReturn) {
        pending.withLock { $0.append(ret) }
        wake.signal()
    }

    var first: JobReturn? { pending.withLock { $0.first } }

    func removeFirst() {
        pending.withLock { _ = $0.removeFirst() }
    }

    var isEmpty: Bool { pending.withLock { $0.isEmpty } }
}
