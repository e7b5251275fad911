/// The `init` grain: which init system runs as PID 1, found as Salt finds it. systemd announces
/// itself with `/run/systemd/system`; otherwise PID 1's command line names it, and a generic
/// `.../bin/init` binary is searched for the name of the init it was built from.
enum InitSystem {
    static func detect() -> String {
        if HostFile.isDirectory("/run/systemd/system") { return "systemd" }
        let commandLine = HostFile.read("/proc/1/cmdline").split(whereSeparator: { $0 == "\0" || $0 == " " || $0 == "\n" || $0 == "\t" })
            .map(String.init)
        guard let first = commandLine.first else { return "unknown" }
        if let binary = executable(first), binary.hasSuffix("bin/init") {
            let contents = HostFile.bytes(binary).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            return ["upstart", "sysvinit", "systemd"].first { contains(contents, Array($0.utf8)) } ?? "unknown"
        }
        for supervisor in ["supervisord", "dumb-init", "tini"] {
            if let path = executable(supervisor), commandLine.contains(path) { return supervisor }
        }
        if commandLine == ["runit"] || commandLine.contains("/sbin/my_init") { return "runit" }
        return "unknown"
    }

    /// The path `which` would print: a name with a slash as is, else the first match on `PATH`.
    private static func executable(_ name: String) -> String? {
        if name.contains("/") { return HostFile.isExecutable(name) ? name : nil }
        let path = HostFile.environment("PATH") ?? ""
        return path.split(separator: ":").map { "\($0)/\(name)" }.first(where: HostFile.isExecutable)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
