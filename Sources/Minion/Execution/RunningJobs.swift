import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// Jobs running on this minion, for `saltutil.running`/`find_job`/`*_job`.
///
/// Jobs run on threads of the minion process, which cannot be killed one by one; what can be
/// signalled are the processes a job starts (`cmd.*`), so those are recorded here per job.
public final class RunningJobs: @unchecked Sendable {
    private let lock = Mutex()
    private var running: [String: MessagePackValue] = [:]
    private var children: [String: [Int32]] = [:]

    public init() {}

    /// Records a running job with its publication (the dispatcher has already refused repeated jids).
    public func begin(_ jid: String, publication: MessagePackValue) {
        lock.withLock { running[jid] = publication }
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

    /// The running jobs but `excluded`, in jid order, as Salt's proc files hold them: the publication
    /// plus `pid` (the minion's own, since jobs are threads) and the `child_pids` started for it.
    public func snapshot(excluding excluded: String? = nil) -> [MessagePackValue] {
        lock.withLock {
            running.keys.sorted().filter { $0 != excluded }.map(record)
        }
    }

    /// The job's proc record, or nil when it is not running.
    public func job(_ jid: String) -> MessagePackValue? {
        lock.withLock {
            guard running[jid] != nil else { return nil }
            return record(jid)
        }
    }

    /// Called with the lock held.
    private func record(_ jid: String) -> MessagePackValue {
        var pairs = running[jid]?.mapValue ?? []
        pairs.removeAll { ["pid", "child_pids"].contains($0.key.stringValue) }
        pairs.append(MessagePackPair("pid", .int(Int64(getpid()))))
        pairs.append(MessagePackPair("child_pids", .array((children[jid] ?? []).map { .int(Int64($0)) })))
        return .map(pairs)
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
