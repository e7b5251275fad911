import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// Stopping a daemon together with what it forked: a salt-master runs a dozen processes, and a child
/// that outlived its parent would keep ports and CPU after the test.
enum ProcessTree {
    /// A process as /proc shows it; the start time tells it from a later process that reuses the pid.
    private struct Entry: Equatable {
        let pid: pid_t
        let parent: pid_t
        let startTime: Substring
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; then SIGKILL for every descendant still alive.
    static func stop(_ process: ChildProcess, grace: Double) {
        let family = descendants(of: process.pid)
        process.stop(grace: grace)
        let alive = entries()
        for member in family where alive.contains(where: { $0.pid == member.pid && $0.startTime == member.startTime }) {
            kill(member.pid, SIGKILL)
        }
    }

    /// The processes `parent` started (a brine-master's publish server).
    static func children(of parent: pid_t) -> [pid_t] {
        entries().filter { $0.parent == parent }.map(\.pid)
    }

    private static func descendants(of root: pid_t) -> [Entry] {
        let all = entries()
        var found: [Entry] = []
        var parents: Set<pid_t> = [root]
        while true {
            let next = all.filter { parents.contains($0.parent) && !found.contains($0) }
            if next.isEmpty { return found }
            found += next
            parents = Set(next.map(\.pid))
        }
    }

    /// Every process, from /proc/<pid>/stat: after "(comm)" come the state, the parent pid, and at the
    /// 20th place the start time.
    private static func entries() -> [Entry] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name), let stat = try? FileSystem.readString("/proc/\(name)/stat"),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 19, let parent = pid_t(fields[1]) else { continue }
            entries.append(Entry(pid: pid, parent: parent, startTime: fields[19]))
        }
        return entries
    }
}
