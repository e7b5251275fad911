import BrineCore
import SaltWire
import ZeroMQ

/// Finished jobs waiting to be sent. Job threads push; the minion's socket thread is woken to send.
/// A return the master did not take stays queued, in order, until it does.
final class ReturnQueue: @unchecked Sendable {
    private let lock = Mutex()
    private var pending: [JobReturn] = []
    let wake: WakeSignal

    init() throws {
        wake = try WakeSignal()
    }

    func push(_ ret: JobReturn) {
        lock.withLock { pending.append(ret) }
        wake.signal()
    }

    var first: JobReturn? { lock.withLock { pending.first } }

    func removeFirst() {
        lock.withLock { _ = pending.removeFirst() }
    }

    var isEmpty: Bool { lock.withLock { pending.isEmpty } }
}
