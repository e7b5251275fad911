import BrineCore
import MessagePack
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Jobs running on this minion, for duplicate suppression and `saltutil.running`/`find_job`/`*_job`.
///
/// Jobs run on threads of the minion process, which cannot be killed one by one; what can be
/// signalled are the processes a job starts (`cmd.*`), so those are recorded here per job.
public final class RunningJobs: Sendable {
    private struct Jobs {
        var running: [String: MessagePackValue] = [:]
        var children: [String: [Int32]] = [:]
        var recent: [String] = []
    }

    private let jobs = Mutex(Jobs())

    public init() {}

    /// Records a job; false when this jid was already seen (Salt keeps the last 100).
    public func begin(_ jid: String, load: MessagePackValue) -> Bool {
        jobs.withLock { jobs in
            if jobs.recent.contains(jid) { return false }
            jobs.recent.append(jid)
            if jobs.recent.count > 100 { jobs.recent.removeFirst() }
            jobs.running[jid] = load
            return true
        }
    }

    public func end(_ jid: String) {
        jobs.withLock { jobs in
            jobs.running[jid] = nil
            jobs.children[jid] = nil
        }
    }

    func adopt(_ pid: Int32, jid: String) {
        jobs.withLock { $0.children[jid, default: []].append(pid) }
    }

    func release(_ pid: Int32, jid: String) {
        jobs.withLock { jobs in jobs.children[jid]?.removeAll { $0 == pid } }
    }

    /// The running jobs as Salt's proc files hold them: the publication plus `pid` (the minion's
    /// own, since jobs are threads) and the `child_pids` started for it.
    public func snapshot() -> [MessagePackValue] {
        jobs.withLock { jobs in
            jobs.running.keys.sorted().map { jid in
                var load = jobs.running[jid] ?? [:]
                load["pid"] = .int(Int64(getpid()))
                load["child_pids"] = .array((jobs.children[jid] ?? []).map { .int(Int64($0)) })
                return load
            }
        }
    }

    /// Sends `signal` to the process groups of the job's children; nil when the job is not running.
    public func signal(_ jid: String, _ signal: Int32) -> [Int32]? {
        jobs.withLock { jobs in
            guard jobs.running[jid] != nil else { return nil }
            let pids = jobs.children[jid] ?? []
            for pid in pids { kill(-pid, signal) }
            return pids
        }
    }
}
