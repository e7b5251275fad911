import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// Jobs running on this minion, for duplicate suppression and `saltutil.running`/`find_job`/`*_job`.
///
/// Jobs run on threads of the minion process, which cannot be killed one by one; what can be
/// signalled are the processes a job starts (`cmd.*`), so those are recorded here per job.
public final class RunningJobs: @unchecked Sendable {
    private let lock = Mutex()
    private var running: [String: MessagePackValue] = [:]
    private var children: [String: [Int32]] = [:]
    private var recent: [String] = []

    public init() {}

    /// Records a job; false when this jid was already seen (Salt keeps the last 100).
    public func begin(_ jid: String, load: MessagePackValue) -> Bool {
        lock.withLock {
            if recent.contains(jid) { return false }
            recent.append(jid)
            if recent.count > 100 { recent.removeFirst() }
            running[jid] = load
            return true
        }
    }

    public func end(_ jid: String) {
        lock.withLock {
            running[jid] = nil
            children[jid] = nil
        }
    }

    func adopt(_ pid: Int32, jid: String) {
        lock.withLock { children[jid, default: []].append(pid) }
    }

    func release(_ pid: Int32, jid: String) {
        lock.withLock { children[jid]?.removeAll { $0 == pid } }
    }

    /// The running jobs as Salt's proc files hold them: the publication plus `pid` (the minion's
    /// own, since jobs are threads) and the `child_pids` started for it.
    public func snapshot() -> [MessagePackValue] {
        lock.withLock {
            running.keys.sorted().map { jid in
                var load = running[jid] ?? [:]
                load["pid"] = .int(Int64(getpid()))
                load["child_pids"] = .array((children[jid] ?? []).map { .int(Int64($0)) })
                return load
            }
        }
    }

    /// Sends `signal` to the process groups of the job's children; nil when the job is not running.
    public func signal(_ jid: String, _ signal: Int32) -> [Int32]? {
        lock.withLock {
            guard running[jid] != nil else { return nil }
            let pids = children[jid] ?? []
            for pid in pids { kill(-pid, signal) }
            return pids
        }
    }
}
