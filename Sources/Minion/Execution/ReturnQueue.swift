import BrineCore
import MessagePack
import ZeroMQ

/// Finished jobs waiting to be sent. Job threads push; the minion's socket thread is woken to send.
/// A return the master did not take stays queued, in order, until it does.
final class ReturnQueue: @unchecked Sendable {
    private let lock = Mutex()
    private var pending: [MessagePackValue] = []
    let wake: WakeSignal

    init() throws {
        wake = try WakeSignal()
    }

    func push(_ load: MessagePackValue) {
        lock.withLock { pending.append(load) }
        wake.signal()
    }

    var first: MessagePackValue? { lock.withLock { pending.first } }

    func removeFirst() {
        lock.withLock { _ = pending.removeFirst() }
    }

    var isEmpty: Bool { lock.withLock { pending.isEmpty } }
}
