import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// The dpkg and apt commands behind `pkg.*`, and the package database they read.
extension PkgModule {
    /// Installed packages by name, each with its versions (more than one for multi-arch packages).
    typealias Installed = [String: [String]]

    /// Salt's environment for apt: never ask, keep changed config files.
    static let dpkgEnvironment = [
        "APT_LISTBUGS_FRONTEND": "none", "APT_LISTCHANGES_FRONTEND": "none", "DEBIAN_FRONTEND": "noninteractive",
        "UCF_FORCE_CONFFOLD": "1",
    ]

    /// Salt loads its apt module only on Debian-family hosts; Brine offers it everywhere and says
    /// what is missing.
    static func requireApt() throws(ExecutionError) {
        for tool in ["dpkg-query", "apt-get", "apt-cache"] where ProcessRunner.which(tool) == nil {
            throw .commandFailed("The pkg module needs apt and dpkg (a Debian-family host), but '\(tool)' is not installed")
        }
    }

    /// Runs an apt tool. As with Salt's `cmd.run_all` calls, the exit code becomes the job's retcode;
    /// a dpkg lock held by someone else is waited out a few times.
    static func apt(_ argv: [String], _ context: JobContext, timeout: Double? = nil) throws(ExecutionError) -> ProcessRunner.Result {
        var request = ProcessRunner.Request(argv)
        var environment: [String: String] = [:]
        for entry in ProcessRunner.inheritedEnvironment() {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        request.environment = environment.merging(dpkgEnvironment) { $1 }
        request.timeout = timeout
        var attempt = 0
        while true {
            let result: ProcessRunner.Result
            do {
                result = try ProcessRunner.run(request, observer: context)
            } catch {
                throw .commandFailed("\(error)")
            }
            attempt += 1
            if result.stderr.contains("Could not get lock") && attempt < 5 {
                sleep(UInt32(1 << attempt))
                continue
            }
            context.retcode = Int(result.status)
            return result
        }
    }

    /// dpkg's view of every package: what is installed, what was removed leaving config files, and
    /// what is marked for purging but still installed. Foreign-architecture packages get `:arch`.
    static func packageDatabase(_ context: JobContext) throws(ExecutionError) -> (installed: Installed, removed: Installed, purgeDesired: Installed) {
        try requireApt()
        let output = try apt(["dpkg-query", "--showformat", "${Status} ${Package} ${Version} ${Architecture}\n", "-W"], context).stdout
        let native = context.grains.string("osarch") ?? ""
        var installed: Installed = [:], removed: Installed = [:], purgeDesired: Installed = [:]
        for line in output.split(separator: "\n") {
            let columns = line.fields()
            guard columns.count >= 6 else { continue }
            let (want, status, version, arch) = (columns[0], columns[2], columns[4], columns[5])
            var name = columns[3]
            if native == "amd64" && arch != "all" && arch != native { name += ":\(arch)" }
            if (want.contains("install") || want.contains("hold")) && status.contains("installed") {
                installed[name, default: []].append(version)
            } else if want.contains("deinstall") {
                removed[name, default: []].append(version)
            } else if want.contains("purge") && status == "installed" {
                purgeDesired[name, default: []].append(version)
            }
        }
        return (installed, removed, purgeDesired)
    }

    /// `{name: "version"}` (several versions comma-joined), or lists with `asList`, names sorted.
    static func render(_ packages: Installed, asList: Bool) -> MessagePackValue {
        .map(packages.keys.sorted().map { name in
            let versions = (packages[name] ?? []).sorted { DebianVersion($0) < DebianVersion($1) }
            return MessagePackPair(.text(name), asList ? .array(versions.map(MessagePackValue.text)) : .text(versions.joined(separator: ",")))
        })
    }

    /// Salt's `compare_dicts`: {name: {old, new}} for every package whose versions changed.
    static func changes(from old: Installed, to new: Installed) -> MessagePackValue {
        let names = Set(old.keys).union(new.keys).sorted()
        return .map(names.compactMap { name in
            let before = (old[name] ?? []).joined(separator: ","), after = (new[name] ?? []).joined(separator: ",")
            return before == after ? nil : MessagePackPair(.text(name), ["old": .text(before), "new": .text(after)])
        })
    }

    /// `apt-get update`, parsed into {source: True (fetched), None (unchanged), False (ignored or
    /// failed)}. Like Salt, a run that hangs past 30 s is retried once after cleaning apt's cache.
    static func refreshDatabase(_ context: JobContext, cacheValidTime: Int, failhard: Bool) throws(ExecutionError) -> MessagePackValue {
        try requireApt()
        if cacheValidTime > 0, let age = FileSystem.age("/var/lib/apt/lists"), age < Double(cacheValidTime) { return [:] }
        var result = try apt(["apt-get", "-q", "update"], context, timeout: 30)
        if result.timedOut {
            _ = try apt(["apt-get", "-q", "clean"], context)
            result = try apt(["apt-get", "-q", "update"], context)
        }
        guard result.status == 0 else { throw .commandFailed(result.stderr.trimmed()) }
        var sources: [MessagePackPair] = []
        var failed: [String] = []
        for line in result.stdout.split(separator: "\n") {
            let columns = line.fields()
            guard let kind = columns.first else { continue }
            var source = columns.dropFirst().joined(separator: " ")
            if kind.contains("Get"), source.hasSuffix("B]"), let bracket = source.lastIndex(of: "[") {
                source = String(source[..<bracket]).trimmed()
                sources.append(MessagePackPair(.text(source), true))
            } else if kind.contains("Get") {
                sources.append(MessagePackPair(.text(source), true))
            } else if kind.contains("Ign") {
                sources.append(MessagePackPair(.text(source), false))
            } else if kind.contains("Hit") {
                sources.append(MessagePackPair(.text(source), .nil))
            } else if kind.contains("Err") {
                sources.append(MessagePackPair(.text(source), false))
                failed.append(source)
            }
        }
        if failhard && !failed.isEmpty { throw .commandFailed("Error getting repos: \(failed.joined(separator: ", "))") }
        return .map(sources)
    }

    /// The install candidate of each name per `apt-cache policy`; "" when there is none.
    static func candidates(_ names: [String], fromRepo: String?, _ context: JobContext) throws(ExecutionError) -> [String: String] {
        var argv = ["apt-cache", "-q", "policy"] + names
        if let fromRepo { argv += ["-o", "APT::Default-Release=\(fromRepo)"] }
        var current: String?
        var found: [String: String] = [:]
        for line in try apt(argv, context).stdout.split(separator: "\n") {
            let text = line.trimmed()
            if text.hasSuffix(":") && !text.hasPrefix("Version table") {
                current = String(text.dropLast())
            } else if text.hasPrefix("Candidate"), let name = current {
                let candidate = text.fields().last ?? ""
                found[name] = candidate.lowercased() == "(none)" ? "" : candidate
            }
        }
        return found
    }

    /// Salt's error for a failed install or removal: the message, then apt's complaints.
    static func problem(_ message: String, errors: [String]) -> ExecutionError {
        .commandFailed("\(message). Additional info follows:\n\nerrors:\n" + errors.map { "    - " + $0.trimmed() }.joined(separator: "\n"))
    }
}
