import MessagePack
import PythonRules
import Targeting

/// `grains.*`: read the minion's grains, and set static ones (kept in the `grains` file next to the
/// config, which Salt's minion reads too); and `saltutil.refresh_grains`, which re-reads them all.
/// Every change reloads the grains and is sent on to the master, so targeting sees it at once.
enum GrainsModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "grains.items",
                doc: "Return all of the minion's grains. With sanitize=True, names and serial numbers are masked.\n\nCLI Example:\n\n    brine '*' grains.items\n    brine '*' grains.items sanitize=True",
                parameters: [Parameter("sanitize", .bool, default: false)]
            ) { arguments, context in
                try arguments.bool("sanitize") ? sanitized(context.grains) : context.grains
            },
            ExecutionFunction(
                "grains.item",
                doc: "Return the named grains as {name: value}; nested values are reached with 'a:b' paths. Missing ones are '' unless default= says otherwise; delimiter= and sanitize= as for grains.get and grains.items.\n\nCLI Example:\n\n    brine '*' grains.item os osrelease oscodename",
                variadic: true, extraKeywords: true
            ) { arguments, context in
                let options = MessagePackValue.map(arguments.extraKeywords)
                let delimiter = options["delimiter"]?.stringValue ?? ":"
                let grains = context.grains
                var found: [MessagePackPair] = []
                for key in arguments.extraPositional {
                    let path = try GrainEdits.path(key.pythonString, delimiter: delimiter)
                    found.append(MessagePackPair(key, grains.traversed(by: path) ?? options["default"] ?? "" as MessagePackValue))
                }
                let sanitize = options["sanitize"].map { $0.boolValue ?? ["true", "yes", "1"].contains($0.pythonString.lowercased()) } ?? false
                return sanitize ? sanitized(.map(found)) : .map(found)
            },
            get("grains.get"),
            get("grains.fetch"),
            ExecutionFunction(
                "grains.equals",
                doc: "Return True when the grain, as text, equals the value given as text.\n\nCLI Example:\n\n    brine '*' grains.equals systemd:version 219",
                parameters: [Parameter("key", .string), Parameter("value")]
            ) { arguments, context in
                let found = context.grains.traversed(by: try GrainEdits.path(try arguments.string("key"), delimiter: ":")) ?? ""
                return .bool(found.pythonString == arguments["value"].pythonString)
            },
            ExecutionFunction(
                "grains.has_value",
                doc: "Return True when the grain exists, even with an empty value; nested keys as 'a:b'.\n\nCLI Example:\n\n    brine '*' grains.has_value pkg:apache",
                parameters: [Parameter("key", .string)]
            ) { arguments, context in
                .bool(context.grains.traversed(by: try GrainEdits.path(try arguments.string("key"), delimiter: ":")) != nil)
            },
            ExecutionFunction("grains.ls", doc: "Return the names of all grains, sorted.\n\nCLI Example:\n\n    brine '*' grains.ls") { _, context in
                .array((context.grains.mapValue ?? []).map(\.key).sorted { $0.pythonString < $1.pythonString })
            },
            ExecutionFunction(
                "grains.setval",
                doc: "Set a static grain in the minion's grains file and return {key: val}. Grains set in the minion config still take precedence.\n\nCLI Example:\n\n    brine '*' grains.setval role web\n    brine '*' grains.setval apps \"{'nginx': {'port': 80}}\"",
                parameters: [
                    Parameter("key", .string), Parameter("val"), Parameter("destructive", .bool, default: false),
                    Parameter("refresh_pillar", .bool, default: true),
                ]
            ) { arguments, context in
                GrainEdits.setValues(
                    [MessagePackPair(.text(try arguments.string("key")), arguments["val"])], destructive: try arguments.bool("destructive"),
                    in: context.grainStore)
            },
            ExecutionFunction(
                "grains.setvals",
                doc: "Set several static grains at once from a dict and return it. With destructive=True, a None value deletes the grain.\n\nCLI Example:\n\n    brine '*' grains.setvals \"{'role': 'web', 'rack': 12}\"",
                parameters: [
                    Parameter("grains"), Parameter("destructive", .bool, default: false), Parameter("refresh_pillar", .bool, default: true),
                ]
            ) { arguments, context in
                guard let values = arguments["grains"].mapValue else { throw ExecutionError.exception("setvals grains must be a dictionary.") }
                return GrainEdits.setValues(values, destructive: try arguments.bool("destructive"), in: context.grainStore)
            },
            ExecutionFunction(
                "grains.set",
                doc: "Set a grain, nested keys included ('apps:nginx:port'). A list or dict is only replaced, or put over a plain value, with force=True. Returns {comment, changes, result}.\n\nCLI Example:\n\n    brine '*' grains.set 'apps:myApp:port' 2209\n    brine '*' grains.set 'apps:myApp' '{port: 2209}' force=True",
                parameters: [
                    Parameter("key", .string), Parameter("val", default: ""), Parameter("force", .bool, default: false),
                    Parameter("destructive", .bool, default: false), Parameter("delimiter", .string, default: ":"),
                ]
            ) { arguments, context in
                try GrainEdits.set(
                    try arguments.string("key"), to: arguments["val"], force: try arguments.bool("force"),
                    destructive: try arguments.bool("destructive"), delimiter: try arguments.string("delimiter"), in: context.grainStore)
            },
            ExecutionFunction(
                "grains.append",
                doc: "Append a value (each member of a list value) to a list grain, creating the grain if it is missing. With convert=True a plain value becomes a one-item list first.\n\nCLI Example:\n\n    brine '*' grains.append roles web",
                parameters: [
                    Parameter("key", .string), Parameter("val"), Parameter("convert", .bool, default: false),
                    Parameter("delimiter", .string, default: ":"),
                ]
            ) { arguments, context in
                try GrainEdits.append(
                    arguments["val"], to: try arguments.string("key"), convert: try arguments.bool("convert"),
                    delimiter: try arguments.string("delimiter"), in: context.grainStore)
            },
            ExecutionFunction(
                "grains.remove",
                doc: "Remove a value from a list grain.\n\nCLI Example:\n\n    brine '*' grains.remove roles web",
                parameters: [Parameter("key", .string), Parameter("val"), Parameter("delimiter", .string, default: ":")]
            ) { arguments, context in
                try GrainEdits.remove(
                    arguments["val"], from: try arguments.string("key"), delimiter: try arguments.string("delimiter"), in: context.grainStore)
            },
            ExecutionFunction(
                "grains.delval",
                doc: "Set a grain's value to None; with destructive=True remove the grain altogether. Returns {comment, changes, result}.\n\nCLI Example:\n\n    brine '*' grains.delval role\n    brine '*' grains.delval role destructive=True",
                parameters: [Parameter("key", .string), Parameter("destructive", .bool, default: false), Parameter("force", .bool, default: false)]
            ) { arguments, context in
                try GrainEdits.set(
                    try arguments.string("key"), to: .nil, force: try arguments.bool("force"), destructive: try arguments.bool("destructive"),
                    delimiter: ":", in: context.grainStore)
            },
            ExecutionFunction(
                "grains.delkey",
                doc: "Remove a grain altogether (grains.delval with destructive=True).\n\nCLI Example:\n\n    brine '*' grains.delkey role",
                parameters: [Parameter("key", .string), Parameter("force", .bool, default: false)]
            ) { arguments, context in
                try GrainEdits.set(
                    try arguments.string("key"), to: .nil, force: try arguments.bool("force"), destructive: true, delimiter: ":",
                    in: context.grainStore)
            },
            ExecutionFunction(
                "saltutil.refresh_grains",
                doc: "Read the minion's grains again (the host's, the grains file's and the config's) and send them to the master. Returns True.\n\nCLI Example:\n\n    brine '*' saltutil.refresh_grains",
                parameters: [Parameter("refresh_pillar", .bool, default: true), Parameter("clean_pillar_cache", .bool, default: false)]
            ) { _, context in
                context.grainStore.refresh()
                return true
            },
        ]
    }

    /// `grains.get` and its alias `grains.fetch` (the name Jinja templates use).
    private static func get(_ name: String) -> ExecutionFunction {
        ExecutionFunction(
            name,
            doc: "Return one grain, or default ('' unless given) when it is missing. Nested dicts and lists are walked with 'a:b:0' paths; delimiter= changes the ':'.\n\nCLI Example:\n\n    brine '*' \(name) pkg:apache\n    brine '*' \(name) 'abc::def|ghi' delimiter='|'",
            parameters: [
                Parameter("key", .string), Parameter("default", default: ""), Parameter("delimiter", .string, default: ":"),
                Parameter("ordered", .bool, default: true),
            ]
        ) { arguments, context in
            let path = try GrainEdits.path(try arguments.string("key"), delimiter: try arguments.string("delimiter"))
            return context.grains.traversed(by: path) ?? arguments["default"]
        }
    }

    /// Grains with the host's names and serial number masked, for output that will be shared.
    static func sanitized(_ grains: MessagePackValue) -> MessagePackValue {
        var result = grains
        for key in ["id", "fqdn"] where result[key] != nil { result[key] = "MINION.DOMAINNAME" }
        for key in ["host", "localhost", "nodename"] where result[key] != nil { result[key] = "MINION" }
        if result["domain"] != nil { result["domain"] = "DOMAINNAME" }
        if let serial = result["serialnumber"]?.stringValue {
            let kept = serial.count * 3 / 4
            result["serialnumber"] = .text(String(serial.prefix(kept)) + String(repeating: "X", count: serial.count - kept))
        }
        return result
    }
}
