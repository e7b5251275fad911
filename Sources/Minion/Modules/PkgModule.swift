import BrineCore
import MessagePack
import PythonRules

/// `pkg.*` on Debian-family hosts, through `dpkg-query`, `apt-cache` and `apt-get`, with the
/// return shapes of Salt's `aptpkg` module.
enum PkgModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "pkg.list_pkgs",
                doc: "Return the installed packages as {name: version} (several versions comma-joined; lists with versions_as_list=True). removed=True lists packages removed but with their config files left; purge_desired=True adds those marked for purging.\n\nCLI Example:\n\n    brine '*' pkg.list_pkgs\n    brine '*' pkg.list_pkgs versions_as_list=True",
                parameters: [
                    Parameter("versions_as_list", .bool, default: false), Parameter("removed", .bool, default: false),
                    Parameter("purge_desired", .bool, default: false),
                ]
            ) { arguments, context in
                let database = try packageDatabase(context)
                var chosen = database.purgeDesired
                if try arguments.bool("removed") {
                    chosen = database.removed
                } else if !(try arguments.bool("purge_desired")) {
                    chosen = database.installed
                } else {
                    chosen.merge(database.installed) { $1 }
                }
                return render(chosen, asList: try arguments.bool("versions_as_list"))
            },
            ExecutionFunction(
                "pkg.version",
                doc: "Return the installed version of a package, '' when it is not installed; with several names (or a glob) a dict of them.\n\nCLI Example:\n\n    brine '*' pkg.version bash\n    brine '*' pkg.version bash coreutils 'lib*'",
                parameters: [Parameter("versions_as_list", .bool, default: false, keywordOnly: true)], variadic: true
            ) { arguments, context in
                let installed = try packageDatabase(context).installed
                let names = arguments.extraPositional.map(\.pythonString)
                var found: Installed = [:]
                var globbing = false
                for name in names {
                    if name.contains("*") {
                        globbing = true
                        for match in installed.keys where Glob(name).matches(match) { found[match] = installed[match] }
                    } else {
                        found[name] = installed[name] ?? []
                    }
                }
                let rendered = render(found, asList: try arguments.bool("versions_as_list"))
                return found.count == 1 && !globbing ? rendered.mapValue?[0].value ?? "" : rendered
            },
            ExecutionFunction(
                "pkg.latest_version",
                doc: "Return the version apt would install or upgrade to, '' when the installed one is already the latest (or with show_installed=True, the candidate regardless); a dict for several names. refresh=True (the default) runs apt-get update first; fromrepo picks a release.\n\nCLI Example:\n\n    brine '*' pkg.latest_version bash\n    brine '*' pkg.latest_version bash refresh=False",
                parameters: latestParameters, variadic: true
            ) { arguments, context in
                let names = arguments.extraPositional.map(\.pythonString)
                guard !names.isEmpty else { return "" }
                let latest = try latestVersions(names, arguments, context)
                return names.count == 1 ? .text(latest[names[0]] ?? "") : .map(names.map { MessagePackPair(.text($0), .text(latest[$0] ?? "")) })
            },
            ExecutionFunction(
                "pkg.upgrade_available",
                doc: "Return True when apt has a newer version of the package than the one installed (refresh=True, the default, runs apt-get update first).\n\nCLI Example:\n\n    brine '*' pkg.upgrade_available bash",
                parameters: [Parameter("name", .string)] + latestParameters
            ) { arguments, context in
                let name = try arguments.string("name")
                return .bool(!(try latestVersions([name], arguments, context)[name] ?? "").isEmpty)
            },
            ExecutionFunction(
                "pkg.refresh_db",
                doc: "Run apt-get update and return {source: True (fetched), None (unchanged), False (failed)}. cache_valid_time skips the update when the lists are younger than that many seconds; failhard=True turns a failed source into an error.\n\nCLI Example:\n\n    brine '*' pkg.refresh_db",
                parameters: [Parameter("cache_valid_time", .int, default: 0), Parameter("failhard", .bool, default: false)]
            ) { arguments, context in
                try refreshDatabase(context, cacheValidTime: try arguments.int("cache_valid_time"), failhard: try arguments.bool("failhard"))
            },
            ExecutionFunction(
                "pkg.install",
                doc: "Install a package (name, optionally version=) or several (pkgs=[a, b] or [{a: version}]) with apt-get, and return what changed as {name: {old, new}}. refresh=True runs apt-get update first; fromrepo picks a release (-t); skip_verify allows unauthenticated packages; reinstall=True reinstalls the same version; downloadonly=True only downloads.\n\nCLI Example:\n\n    brine '*' pkg.install nginx\n    brine '*' pkg.install nginx version=1.22.1-9\n    brine '*' pkg.install pkgs='[curl, jq]'",
                parameters: [
                    Parameter("name", .string, default: .nil), Parameter("refresh", .bool, default: false),
                    Parameter("fromrepo", .string, default: .nil), Parameter("skip_verify", .bool, default: false),
                    Parameter("pkgs", .list, default: .nil, keywordOnly: true), Parameter("version", .string, default: .nil, keywordOnly: true),
                    Parameter("reinstall", .bool, default: false, keywordOnly: true),
                    Parameter("downloadonly", .bool, default: false, keywordOnly: true),
                ]
            ) { arguments, context in
                try install(arguments, context)
            },
            ExecutionFunction(
                "pkg.remove",
                doc: "Remove a package (name) or several (pkgs=[a, b]; globs allowed) with apt-get, keeping their config files, and return what changed as {name: {old, new}}.\n\nCLI Example:\n\n    brine '*' pkg.remove nginx\n    brine '*' pkg.remove pkgs='[curl, jq]'",
                parameters: [Parameter("name", .string, default: .nil), Parameter("pkgs", .list, default: .nil)]
            ) { arguments, context in
                let wanted = (arguments["pkgs"].arrayValue?.map(\.pythonString) ?? []) + (try arguments.optionalString("name").map { [$0] } ?? [])
                guard !wanted.isEmpty else { throw ExecutionError.invocation("One of name or pkgs must be specified") }
                let old = try packageDatabase(context).installed
                let targets = old.keys.filter { installed in wanted.contains { Glob($0).matches(installed) } }.sorted()
                guard !targets.isEmpty else { return [:] }
                let result = try apt(["apt-get", "-q", "-y", "remove"] + targets, context)
                let changes = changes(from: old, to: try packageDatabase(context).installed)
                if result.status != 0 && !result.stderr.isEmpty { throw problem("Problem encountered removing package(s)", errors: [result.stderr]) }
                return changes
            },
        ]
    }

    static let latestParameters = [
        Parameter("refresh", .bool, default: true, keywordOnly: true), Parameter("show_installed", .bool, default: false, keywordOnly: true),
        Parameter("fromrepo", .string, default: .nil, keywordOnly: true), Parameter("cache_valid_time", .int, default: 0, keywordOnly: true),
    ]

    /// For each name: the candidate when nothing is installed (or `show_installed`), else the
    /// candidate only if it is newer than every installed version.
    static func latestVersions(_ names: [String], _ arguments: Arguments, _ context: JobContext) throws(ExecutionError) -> [String: String] {
        let installed = try packageDatabase(context).installed
        if try arguments.bool("refresh") {
            _ = try refreshDatabase(context, cacheValidTime: try arguments.int("cache_valid_time"), failhard: false)
        }
        let candidates = try candidates(names, fromRepo: try arguments.optionalString("fromrepo"), context)
        let showInstalled = try arguments.bool("show_installed")
        var latest: [String: String] = [:]
        for name in names {
            let candidate = candidates[name] ?? ""
            let versions = installed[name] ?? []
            if versions.isEmpty || showInstalled || !versions.contains(where: { DebianVersion($0) >= DebianVersion(candidate) }) {
                latest[name] = candidate
            } else {
                latest[name] = ""
            }
        }
        return latest
    }

    private static func install(_ arguments: Arguments, _ context: JobContext) throws(ExecutionError) -> MessagePackValue {
        var wanted: [(name: String, version: String?)] = []
        for item in arguments["pkgs"].arrayValue ?? [] {
            if let pair = item.mapValue?.first {
                wanted.append((pair.key.pythonString, pair.value.isNil ? nil : pair.value.pythonString))
            } else {
                wanted.append((item.pythonString, nil))
            }
        }
        if wanted.isEmpty, let name = try arguments.optionalString("name") {
            wanted.append((name, try arguments.optionalString("version")))
        }
        guard !wanted.isEmpty else { return [:] }
        let old = try packageDatabase(context).installed
        var options = ["apt-get", "-q", "-y", "-o", "DPkg::Options::=--force-confold", "-o", "DPkg::Options::=--force-confdef"]
        if try arguments.bool("skip_verify") { options.append("--allow-unauthenticated") }
        if let repo = try arguments.optionalString("fromrepo") { options += ["-t", repo] }
        if try arguments.bool("downloadonly") { options.append("--download-only") }
        let reinstall = try arguments.bool("reinstall")
        var targets: [String] = [], again: [String] = [], reinstalled: [String] = []
        for (name, version) in wanted {
            let installed = old[name] ?? []
            let target = version.map { "\(name)=\($0.hasPrefix("=") ? String($0.drop { $0 == "=" }) : $0)" } ?? name
            if reinstall && !installed.isEmpty && (version == nil || installed.contains(version ?? "")) {
                again.append(target)
                reinstalled.append(name)
            } else {
                if let version, installed.contains(where: { DebianVersion($0) > DebianVersion(version) }) {
                    options.append("--allow-downgrades")
                }
                targets.append(target)
            }
        }
        if try arguments.bool("refresh") { _ = try refreshDatabase(context, cacheValidTime: 0, failhard: false) }
        var errors: [String] = []
        for (list, extra) in [(targets, [String]()), (again, ["--reinstall"])] where !list.isEmpty {
            let result = try apt(options + extra + ["install"] + list, context)
            if result.status != 0 && !result.stderr.isEmpty { errors.append(result.stderr) }
        }
        let new = try packageDatabase(context).installed
        var changes = changes(from: old, to: new)
        // Salt lists a reinstalled package as changed even when its version is the same.
        for name in reinstalled where changes[name] == nil {
            changes[name] = ["old": .text((old[name] ?? []).joined(separator: ",")), "new": .text((new[name] ?? []).joined(separator: ","))]
        }
        if !errors.isEmpty { throw problem("Problem encountered installing package(s)", errors: errors) }
        return changes
    }
}
