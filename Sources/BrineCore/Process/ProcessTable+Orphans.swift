#if canImport(Glibc)
public import Glibc
#endif

extension ProcessTable {
    /// A publish server left behind by a brine-master that is gone (one from before servers died with
    /// their master), which may still hold the publish port.
    public struct OrphanedServer: Sendable {
        public let pid: pid_t
        /// The pid of the master it was started for.
        public let master: pid_t
        public let commandLine: String
    }

    /// Processes whose command line carries `option <master pid>` while that master is no longer
    /// their parent.
    public static func orphanedPublishServers(option: String) -> [OrphanedServer] {
        entries().compactMap { entry in
            guard let raw = try? FileSystem.readString("/proc/\(entry.pid)/cmdline") else { return nil }
            let words = raw.split(separator: "\0").map(String.init)
            guard let index = words.firstIndex(of: option), index + 1 < words.count,
                  let master = pid_t(words[index + 1]), entry.parent != master
            else { return nil }
            return OrphanedServer(pid: entry.pid, master: master, commandLine: words.joined(separator: " "))
        }
    }
}
