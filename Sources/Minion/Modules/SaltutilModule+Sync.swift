import BrineCore
import MessagePack

/// `saltutil.sync_modules` and `saltutil.sync_all`: the master's `salt://_modules/*` (executables in
/// any language, and their declaration files) into `extension_modules/modules/`, then loaded at once,
/// so the new functions answer the next job without a restart; `sync_all` refreshes the pillar too.
extension SaltutilModule {
    static var syncFunctions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "saltutil.sync_modules",
                doc: "Sync the executable modules in salt://_modules/ (saltenv: base by default) into extension_modules/modules and load them; returns the modules added, changed or removed, as ['modules.<name>', ...].\n\nCLI Example:\n\n    brine '*' saltutil.sync_modules",
                parameters: syncParameters
            ) { arguments, context in
                .array(try syncModules(saltenv: try arguments.optionalString("saltenv") ?? "base", context).map(MessagePackValue.text))
            },
            ExecutionFunction(
                "saltutil.sync_all",
                doc: "Sync every kind of extension from the master; brine-minion runs executable modules only, so every kind but 'modules' is an empty list. With refresh=True (the default) the pillar is asked for anew too, as saltutil.refresh_pillar does.\n\nCLI Example:\n\n    brine '*' saltutil.sync_all",
                parameters: syncParameters
            ) { arguments, context in
                let modules = try syncModules(saltenv: try arguments.optionalString("saltenv") ?? "base", context)
                // Salt's sync_all ends with refresh_pillar (which does not wait for the new pillar).
                if try arguments.bool("refresh") { _ = context.pillarStore.requestRefresh() }
                let kinds = [
                    "clouds", "beacons", "modules", "states", "sdb", "grains", "renderers", "returners", "output", "utils",
                    "log_handlers", "executors", "proxymodules", "engines", "thorium", "serializers", "matchers", "resources",
                ]
                return .map(kinds.map { MessagePackPair(.text($0), $0 == "modules" ? .array(modules.map(MessagePackValue.text)) : []) })
            },
        ]
    }

    private static var syncParameters: [Parameter] {
        [
            Parameter("saltenv", .string, default: .nil), Parameter("refresh", .bool, default: true),
            Parameter("extmod_whitelist", .any, default: .nil), Parameter("extmod_blacklist", .any, default: .nil),
        ]
    }

    /// Copies what changed, removes what the master no longer has, reloads; the modules touched.
    static func syncModules(saltenv: String, _ context: JobContext) throws(ExecutionError) -> [String] {
        let client = try FileClient.open(context)
        let directory = context.config.extensionModules + "/modules"
        try client.makeDirectories(directory, below: context.config.extensionModules)
        var touched = Set<String>()
        var present = Set<String>()
        for file in try client.list("_file_list", saltenv: saltenv, prefix: "_modules") {
            let name = String(file.dropFirst("_modules/".count))
            guard file.hasPrefix("_modules/"), !name.contains("/"), !name.hasPrefix("."),
                ExtensionModule.isValidName(ExtensionModule.name(ofFile: name)) else { continue }
            guard let cached = try client.cache(file, saltenv: saltenv) else { continue }
            present.insert(name)
            let target = directory + "/" + name
            let content: [UInt8]
            do {
                content = try FileSystem.read(cached)
            } catch {
                throw .commandFailed("cannot read \(cached): \(error)")
            }
            if (try? FileSystem.read(target)) == content { continue }
            do {
                try FileSystem.write(target, content, mode: ExtensionModule.isDeclaration(name) ? 0o644 : 0o755)
            } catch {
                throw .commandFailed("cannot write \(target): \(error)")
            }
            touched.insert(ExtensionModule.name(ofFile: name))
        }
        for name in FileSystem.list(directory) where !present.contains(name) {
            FileSystem.remove(directory + "/" + name)
            touched.insert(ExtensionModule.name(ofFile: name))
        }
        context.functions.reloadExtensions()
        return touched.sorted().map { "modules." + $0 }
    }
}
