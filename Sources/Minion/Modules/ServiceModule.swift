import BrineCore
import MessagePack
import PythonRules

/// `service.*` on systemd, through `systemctl`. A unit name without a type suffix is a `.service`.
///
/// Salt loads this module only on hosts booted with systemd; Brine always offers it and answers
/// with an error saying so elsewhere (no systemctl, or PID 1 is not systemd).
enum ServiceModule {
    static let unitTypes = ["service", "socket", "device", "mount", "automount", "swap", "target", "path", "timer"]

    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "service.status",
                doc: "Return True when the service is active. A name with glob characters returns {service: bool} for every matching unit. sig is accepted for compatibility and not used (systemd knows the state).\n\nCLI Example:\n\n    brine '*' service.status nginx\n    brine '*' service.status 'ssh*'",
                parameters: [Parameter("name", .string), Parameter("sig", .string, default: .nil)]
            ) { arguments, context in
                let name = try arguments.string("name")
                let globbing = name.contains("*") || name.contains("?") || name.contains("[")
                let services = globbing ? try allUnits().filter { Glob(name).matches($0) } : [name]
                var results: [MessagePackPair] = []
                for service in services {
                    let active = try systemctl(["is-active", unit(service)], context, ignoreRetcode: true).status == 0
                    results.append(MessagePackPair(.text(service), .bool(active)))
                }
                return globbing ? .map(results) : results[0].value
            },
            action("start", "Start the service; True, or an error with systemctl's message.", failing: true),
            action("stop", "Stop the service; True when systemctl succeeded.", failing: false),
            action("restart", "Restart the service; True, or an error with systemctl's message.", failing: true),
            action("reload", "Reload the service's configuration; True, or an error with systemctl's message.", failing: true),
            ExecutionFunction(
                "service.enabled", doc: "Return True when the service starts at boot.\n\nCLI Example:\n\n    brine '*' service.enabled nginx",
                parameters: [Parameter("name", .string)]
            ) { arguments, context in
                let result = try systemctl(["is-enabled", unit(try arguments.string("name"))], context, ignoreRetcode: true)
                return .bool(result.status == 0 && result.stdout.trimmingTrailingWhitespace() != "alias")
            },
            ExecutionFunction(
                "service.enable", doc: "Make the service start at boot; True, or an error with systemctl's message.\n\nCLI Example:\n\n    brine '*' service.enable nginx",
                parameters: [Parameter("name", .string), Parameter("no_block", .bool, default: false)]
            ) { arguments, context in
                let result = try systemctl(blocking(arguments) + ["enable", unit(try arguments.string("name"))], context, ignoreRetcode: true)
                guard result.status == 0 else { throw ExecutionError.commandFailed(result.stderr.trimmed()) }
                return true
            },
            ExecutionFunction(
                "service.disable", doc: "Stop the service from starting at boot; True when systemctl succeeded.\n\nCLI Example:\n\n    brine '*' service.disable nginx",
                parameters: [Parameter("name", .string), Parameter("no_block", .bool, default: false)]
            ) { arguments, context in
                .bool(try systemctl(blocking(arguments) + ["disable", unit(try arguments.string("name"))], context, ignoreRetcode: true).status == 0)
            },
            ExecutionFunction(
                "service.get_all", doc: "Return every unit file systemd knows, sorted (services without their .service suffix).\n\nCLI Example:\n\n    brine '*' service.get_all"
            ) { _, _ in
                .array(try allUnits().map(MessagePackValue.text))
            },
            ExecutionFunction(
                "service.get_running", doc: "Return the units that are running, sorted (services without their .service suffix).\n\nCLI Example:\n\n    brine '*' service.get_running"
            ) { _, context in
                let output = try systemctl(["--full", "--no-legend", "--no-pager"], context, ignoreRetcode: true).stdout
                let running = output.split(separator: "\n").compactMap { line -> String? in
                    let columns = line.fields()
                    guard columns.count > 3, columns[3] == "running" else { return nil }
                    return shortName(columns[0])
                }
                return .array(Set(running).sorted().map(MessagePackValue.text))
            },
        ]
    }

    /// start/stop/restart/reload: `failing` ones raise systemctl's stderr, stop answers False.
    private static func action(_ verb: String, _ summary: String, failing: Bool) -> ExecutionFunction {
        ExecutionFunction(
            "service.\(verb)", doc: "\(summary)\n\nCLI Example:\n\n    brine '*' service.\(verb) nginx",
            parameters: [Parameter("name", .string), Parameter("no_block", .bool, default: false)]
        ) { arguments, context in
            let result = try systemctl(blocking(arguments) + [verb, unit(try arguments.string("name"))], context, ignoreRetcode: false)
            if failing && result.status != 0 { throw ExecutionError.commandFailed(result.stderr.trimmed()) }
            return .bool(result.status == 0)
        }
    }

    private static func blocking(_ arguments: Arguments) throws(ExecutionError) -> [String] {
        try arguments.bool("no_block") ? ["--no-block"] : []
    }

    static func unit(_ name: String) -> String {
        unitTypes.contains { name.hasSuffix("." + $0) } ? name : name + ".service"
    }

    static func shortName(_ unit: String) -> String? {
        guard let dot = unit.lastIndex(of: "."), unitTypes.contains(String(unit[unit.index(after: dot)...])) else { return nil }
        return unit.hasSuffix(".service") ? String(unit[..<dot]) : unit
    }

    /// systemd's unit directories, as Salt lists them.
    private static func allUnits() throws(ExecutionError) -> [String] {
        try requireSystemd()
        var names = Set<String>()
        for directory in ["/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system", "/usr/local/lib/systemd/system"] {
            for entry in FileSystem.list(directory) {
                if let name = shortName(entry) { names.insert(name) }
            }
        }
        return names.sorted()
    }

    /// What systemd's own `sd_booted()` checks, plus systemctl itself.
    static func requireSystemd() throws(ExecutionError) {
        guard ProcessRunner.which("systemctl") != nil else {
            throw .commandFailed("The service module needs systemd, but systemctl is not installed on this host")
        }
        guard FileSystem.isDirectory("/run/systemd/system") else {
            throw .commandFailed("The service module needs systemd, but this host was not booted with systemd (PID 1 is not systemd)")
        }
    }

    /// Runs systemctl; its exit code becomes the job's retcode unless `ignoreRetcode`, as with
    /// Salt's `cmd.run_all` calls.
    private static func systemctl(_ arguments: [String], _ context: JobContext, ignoreRetcode: Bool) throws(ExecutionError) -> ProcessRunner.Result {
        try requireSystemd()
        do {
            let result = try ProcessRunner.run(ProcessRunner.Request(["systemctl"] + arguments), observer: context)
            if !ignoreRetcode { context.retcode = Int(result.status) }
            return result
        } catch {
            throw .commandFailed("\(error)")
        }
    }
}
