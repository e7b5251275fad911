import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// The highest resident memory of a master's processes among the samples taken. The process tree is
/// looked up once (`refresh`), so a sample reads only those processes' files while a job runs: the
/// sampling must not take CPU from the master it measures.
struct PeakMemory {
    let root: pid_t
    private var pids: [pid_t] = []
    private(set) var peak = 0

    init(pid: pid_t) {
        root = pid
        refresh()
    }

    /// Looks up the master's processes again (a salt-master forks its workers after start).
    mutating func refresh() {
        pids = ProcessTable.pids(of: root)
    }

    mutating func sample() {
        peak = max(peak, ProcessTable.residentBytes(of: pids))
    }
}
