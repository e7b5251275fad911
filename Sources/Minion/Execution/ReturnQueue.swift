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

/// Jobs running on this minion, for duplicate suppression and `saltutil.find_job`.
final class RunningJobs: @unchecked Sendable {
    private let lock = Mutex()
    private var running: [String: MessagePackValue] = [:]
    private var recent: [String] = []

    /// Records a job; false when this jid was already seen (Salt keeps the last 100).
    func begin(_ jid: String, load: MessagePackValue) -> Bool {
        lock.withLock {
            if recent.contains(jid) { return false }
            recent.append(jid)
            if recent.count > 100 { recent.removeFirst() }
            running[jid] = load
            return true
        }
    }

    func end(_ jid: String) {
        lock.withLock { _ = running.removeValue(forKey: jid) }
    }
}
