
#if canImport(Glibc)
public import Glibc
#endif

/// What /proc says about a daemon and everything it forked (a salt-master runs about 14 processes,
/// a brine-master two): their resident memory and CPU time summed, and how to stop the whole tree.
/// Tests and benchmarks use it so no child outlives them.
public enum ProcessTable {
    /// One line of /proc/<pid>/stat. The start time tells a process from a later one reusing its pid.
    struct Entry: Equatable {
        let pid: pid_t
        let parent: pid_t
        let startTime: Int
        /// utime + stime, in clock ticks.
        let cpuTicks: Int
        let residentPages: Int
    }

    /// The process and its descendants as they are now.
    static func tree(of root: pid_t) -> [Entry] {
        let all = entries()
        var found = all.filter { $0.pid == root }
        var parents: Set<pid_t> = [root]
        while true {
            let next = all.filter { parents.contains($0.parent) && !found.contains($0) }
            if next.isEmpty { return found }
            found += next
            parents = Set(next.map(\.pid))
        }
    }

    /// The processes `parent` started (a brine-master's publish server).
    public static func children(of parent: pid_t) -> [pid_t] {
        entries().filter { $0.parent == parent }.map(\.pid)
    }

    /// The pids of the process and its descendants.
    public static func pids(of root: pid_t) -> [pid_t] {
        tree(of: root).map(\.pid)
    }

    /// Resident memory of the process and its descendants, summed (shared pages count once per process,
    /// as `ps` would add them up).
    public static func residentBytes(of root: pid_t) -> Int {
        tree(of: root).reduce(0) { $0 + $1.residentPages } * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Resident memory of the given processes, summed, from /proc/<pid>/statm (its second field).
    public static func residentBytes(of pids: [pid_t]) -> Int {
        let pages = pids.reduce(0) { sum, pid in
            let fields = ((try? FileSystem.readString("/proc/\(pid)/statm")) ?? "").split(separator: " ")
            return sum + (fields.count > 1 ? Int(fields[1]) ?? 0 : 0)
        }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The proportional set size of the process and its descendants, summed: the `Pss:` line of each
    /// one's /proc/<pid>/smaps_rollup. Costlier to read than `residentBytes` (the kernel walks the page
    /// tables), so it is for a single reading, not for sampling while a job runs.
    public static func proportionalBytes(of root: pid_t) -> Int {
        tree(of: root).reduce(0) { sum, entry in
            let rollup = (try? FileSystem.readString("/proc/\(entry.pid)/smaps_rollup")) ?? ""
            let line = rollup.split(separator: "\n").first { $0.hasPrefix("Pss:") }
            let kilobytes = line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
            return sum + kilobytes * 1024
        }
    }

    /// CPU time (user + system) the process and its live descendants have used, in seconds.
    public static func cpuSeconds(of root: pid_t) -> Double {
        Double(tree(of: root).reduce(0) { $0 + $1.cpuTicks }) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; then SIGKILL for every descendant still alive.
    public static func stop(_ process: ChildProcess, grace: Double) {
        let family = tree(of: process.pid).filter { $0.pid != process.pid }
        process.stop(grace: grace)
        let alive = entries()
        for member in family where alive.contains(where: { $0.pid == member.pid && $0.startTime == member.startTime }) {
            kill(member.pid, SIGKILL)
        }
    }

    /// Every process, from /proc/<pid>/stat: after "(comm)" come the state, the parent (4th field),
    /// utime and stime (14th, 15th), the start time (22nd) and the resident pages (24th).
    static func entries() -> [Entry] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name), let stat = try? FileSystem.readString("/proc/\(name)/stat"),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 21, let parent = pid_t(fields[1]), let user = Int(fields[11]), let system = Int(fields[12]),
                  let start = Int(fields[19]), let pages = Int(fields[21])
            else { continue }
            entries.append(Entry(pid: pid, parent: parent, startTime: start, cpuTicks: user + system, residentPages: pages))
        }
        return entries
    }
}
