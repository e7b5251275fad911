import BrineCore
public import MessagePack
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Jobs running on this minion, for `saltutil.running`/`find_job`/`*_job`.
///
/// Jobs run on threads of the minion process, which cannot be killed one by one; what can be
/// signalled are the processes a job starts (`cmd.*`), so those are recorded here per job.
public final class RunningJobs: Sendable {
    private struct Jobs {
        var running: [String: MessagePackValue] = [:]
        var children: [String: [Int32]] = [:]

        /// The proc record of a running job.
        func record(_ jid: String) -> MessagePackValue {
            var pairs = running[jid]?.mapValue ?? []
            pairs.removeAll { ["pid", "child_pids"].contains($0.key.stringValue) }
            pairs.append(MessagePackPair("pid", .int(Int64(getpid()))))
            pairs.append(MessagePackPair("child_pids", .array((children[jid] ?? []).map { .int(Int64($0)) })))
            return .map(pairs)
        }
    }

    private let jobs = Mutex(Jobs())

    public init() {}

    /// Records a running job with its publication (the dispatcher has already refused repeated jids).
    public func begin(_ jid: String, publication: MessagePackValue) {
        jobs.withLock { $0.running[jid] = publication }
    }

    /// The job finished; false when it had already been ended (by `interruptAll` at stop), so its
    /// return must not be sent beside the interrupted one.
    @discardableResult
    public func end(_ jid: String) -> Bool {
        jobs.withLock { jobs in
            jobs.children[jid] = nil
            return jobs.running.removeValue(forKey: jid) != nil
        }
    }

    /// Ends every running job at once (the minion is stopping): their child processes get SIGTERM, and
    /// their publications come back so each can be reported as interrupted.
    func interruptAll() -> [MessagePackValue] {
        jobs.withLock { jobs in
            for pids in jobs.children.values { for pid in pids { kill(-pid, SIGTERM) } }
            defer {
                jobs.running.removeAll()
                jobs.children.removeAll()
            }
            return jobs.running.keys.sorted().compactMap { jobs.running[$0] }
        }
    }

    func adopt(_ pid: Int32, jid: String) {
        jobs.withLock { $0.children[jid, default: []].append(pid) }
    }

    func release(_ pid: Int32, jid: String) {
        jobs.withLock { jobs in jobs.children[jid]?.removeAll { $0 == pid } }
    }

    /// The running jobs but `excluded`, in jid order, as Salt's proc files hold them: the publication
    /// plus `pid` (the minion's own, since jobs are threads) and the `child_pids` started for it.
    public func snapshot(excluding excluded: String? = nil) -> [MessagePackValue] {
        jobs.withLock { jobs in
            jobs.running.keys.sorted().filter { $0 != excluded }.map(jobs.record)
        }
    }

    /// The job's proc record, or nil when it is not running.
    public func job(_ jid: String) -> MessagePackValue? {
        jobs.withLock { jobs in
            guard jobs.running[jid] != nil else { return nil }
            return jobs.record(jid)
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
