import BrineCore
import MessagePack
import PythonRules

#if canImport(Glibc)
import Glibc
#endif

/// `status.*`: the host's state as Linux reports it in `/proc`, `statvfs` and the login records,
/// in the shapes of Salt's `status` module.
enum StatusModule {
    static var functions: [ExecutionFunction] {
        [
            function("uptime", "Return how long the host has been up: seconds, days, time ('h:m'), since_iso and since_t (the boot time), and the number of logged-in users.") { _ in
                try uptime()
            },
            function("loadavg", "Return the load averages as {'1-min', '5-min', '15-min'}.") { _ in
                loadavg()
            },
            function("meminfo", "Return /proc/meminfo as {name: {value, unit}}.") { _ in
                meminfo(read("/proc/meminfo") ?? "")
            },
            function("cpuinfo", "Return /proc/cpuinfo as a dict (with several processors, the last one's values remain; flags as a list).") { _ in
                cpuinfo(read("/proc/cpuinfo") ?? "")
            },
            function("cpustats", "Return the CPU counters of /proc/stat.") { _ in
                cpustats(read("/proc/stat") ?? "")
            },
            function("diskstats", "Return the per-device I/O counters of /proc/diskstats.") { _ in
                diskstats(read("/proc/diskstats") ?? "")
            },
            ExecutionFunction(
                "status.diskusage",
                doc: "Return {mount point: {available, total}} in bytes, for every filesystem or for the paths (arguments starting with /) and filesystem types (globs such as 'ext*') given.\n\nCLI Example:\n\n    brine '*' status.diskusage\n    brine '*' status.diskusage ext4 /var",
                variadic: true
            ) { arguments, _ in
                diskusage(arguments.extraPositional.map(\.pythonString))
            },
            function("netdev", "Return the per-interface counters of /proc/net/dev.") { _ in
                netdev(read("/proc/net/dev") ?? "")
            },
            function("netstats", "Return the protocol counters of /proc/net/netstat.") { _ in
                netstats(read("/proc/net/netstat") ?? "")
            },
            function("vmstats", "Return the virtual memory counters of /proc/vmstat.") { _ in
                vmstats(read("/proc/vmstat") ?? "")
            },
            function("procs", "Return the running processes as {pid: {user, cmd}}.") { _ in
                procs()
            },
            function("w", "Return the logged-in users as 'w' shows them: a list of {user, tty, login, idle, jcpu, pcpu, what}.") { context in
                try who(context)
            },
            function("all_status", "Return everything above in one dict: cpuinfo, cpustats, diskstats, diskusage, loadavg, meminfo, netdev, netstats, uptime, vmstats and w.") { context in
                [
                    "cpuinfo": cpuinfo(read("/proc/cpuinfo") ?? ""), "cpustats": cpustats(read("/proc/stat") ?? ""),
                    "diskstats": diskstats(read("/proc/diskstats") ?? ""), "diskusage": diskusage([]), "loadavg": loadavg(),
                    "meminfo": meminfo(read("/proc/meminfo") ?? ""), "netdev": netdev(read("/proc/net/dev") ?? ""),
                    "netstats": netstats(read("/proc/net/netstat") ?? ""), "uptime": try uptime(),
                    "vmstats": vmstats(read("/proc/vmstat") ?? ""), "w": (try? who(context)) ?? [],
                ]
            },
        ]
    }

    private static func function(_ name: String, _ doc: String, body: @escaping @Sendable (JobContext) throws -> MessagePackValue) -> ExecutionFunction {
        ExecutionFunction("status.\(name)", doc: "\(doc)\n\nCLI Example:\n\n    brine '*' status.\(name)") { _, context in
            try body(context)
        }
    }

    static func uptime() throws(ExecutionError) -> MessagePackValue {
        guard let text = read("/proc/uptime"), let first = text.split(separator: " ").first, let up = Double(first) else {
            throw .commandFailed("File /proc/uptime was not found.")
        }
        let seconds = Int(up)
        let now = Timestamp.now()
        let boot = now - Double(seconds)
        let clock = seconds % 86_400
        return [
            "seconds": .int(Int64(seconds)), "since_iso": .text(isoformat(boot)), "since_t": .int(Int64(boot)),
            "days": .int(Int64(seconds / 86_400)), "time": .text("\(clock / 3600):\(clock % 3600 / 60)"),
            "users": .int(Int64(loggedInUsers())),
        ]
    }

    static func loadavg() -> MessagePackValue {
        var loads = [Double](repeating: 0, count: 3)
        _ = getloadavg(&loads, 3)
        return ["1-min": .double(loads[0]), "5-min": .double(loads[1]), "15-min": .double(loads[2])]
    }

    static func diskusage(_ selectors: [String]) -> MessagePackValue {
        var paths = Set(selectors.filter { $0.hasPrefix("/") })
        let types = selectors.isEmpty ? ["*"] : selectors.filter { !$0.hasPrefix("/") }
        for mount in MountTable.mounts() where types.contains(where: { Glob($0).matches(mount.fsType) }) {
            paths.insert(mount.mountPoint)
        }
        return .map(paths.sorted().filter(FileSystem.exists).map { path in
            var info = statvfs()
            guard statvfs(path, &info) == 0 else { return MessagePackPair(.text(path), ["available": .nil, "total": .nil]) }
            let block = Int64(info.f_bsize)
            return MessagePackPair(.text(path), ["available": .int(Int64(info.f_bavail) * block), "total": .int(Int64(info.f_blocks) * block)])
        })
    }

    static func procs() -> MessagePackValue {
        let names = Dictionary(Accounts.users().map { ($0.uid, $0.name) }, uniquingKeysWith: { first, _ in first })
        var result: [MessagePackPair] = []
        for entry in FileSystem.list("/proc") where entry.allSatisfy(\.isNumber) {
            var info = stat()
            guard stat("/proc/\(entry)", &info) == 0 else { continue }
            let arguments = (try? FileSystem.read("/proc/\(entry)/cmdline")) ?? []
            var command = String(decoding: arguments.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).trimmingTrailingWhitespace()
            if command.isEmpty { command = "[" + (read("/proc/\(entry)/comm") ?? "").trimmingTrailingWhitespace() + "]" }
            let user = names[Int(info.st_uid)] ?? String(info.st_uid)
            result.append(MessagePackPair(.text(entry), ["user": .text(user), "cmd": .text(command)]))
        }
        return .map(result)
    }

    /// Salt parses `w -fh`; so does this, and says so when procps' `w` is missing.
    static func who(_ context: JobContext) throws(ExecutionError) -> MessagePackValue {
        guard ProcessRunner.which("w") != nil else { throw .commandFailed("status.w needs the 'w' command (Debian package procps), which is not installed") }
        do {
            return whoLines(try ProcessRunner.run(ProcessRunner.Request(["w", "-fh"]), observer: context).stdout)
        } catch {
            throw .commandFailed("\(error)")
        }
    }

    /// Login sessions in utmp, read as records rather than with `getutxent`, whose static buffer is
    /// not safe with jobs on several threads.
    static func loggedInUsers() -> Int {
        guard let bytes = try? FileSystem.read("/var/run/utmp") else { return 0 }
        let size = MemoryLayout<utmpx>.size
        return bytes.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count - size + 1, by: size).filter {
                raw.loadUnaligned(fromByteOffset: $0, as: utmpx.self).ut_type == USER_PROCESS
            }.count
        }
    }

    /// Python's naive `datetime.isoformat()` of a UTC time: microseconds only when not zero.
    static func isoformat(_ epoch: Double) -> String {
        var seconds = time_t(epoch.rounded(.down))
        let micros = Int((epoch - Double(seconds)) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        let base = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard micros > 0 else { return base }
        let digits = String(micros)
        return base + "." + String(repeating: "0", count: 6 - digits.count) + digits
    }
}
