import BrineCore
import MessagePack
import Pillar
import PythonRules
import Targeting

/// `pillar.*` and `saltutil.refresh_pillar`: the pillar the master compiled for this minion, with
/// Salt 3008's output masking. `pillar.get`, `pillar.item` and `pillar.items` print every non-empty
/// value as `**********` unless called with `unmask=True` (for `pillar.items`, also when
/// `pillar_mask_output` is False); `pillar.raw` shows the values unless `unmask=False`; keys are never
/// masked.
enum PillarModule {
    static let placeholder = "**********"

    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "pillar.get",
                doc: "Return one pillar value, or default ('' unless given) when it is missing. Nested dicts and lists are walked with 'a:b:0' paths; delimiter= changes the ':'. With merge=True a dict or list default is merged with the value found. Values are masked ('**********') unless unmask=True.\n\nCLI Example:\n\n    brine '*' pillar.get pkg:apache\n    brine '*' pillar.get 'abc::def|ghi' delimiter='|' unmask=True",
                parameters: [
                    Parameter("key", .string), Parameter("default", default: .nil), Parameter("merge", .bool, default: false),
                    Parameter("merge_nested_lists", default: .nil), Parameter("delimiter", .string, default: ":"),
                    Parameter("pillarenv", default: .nil), Parameter("saltenv", default: .nil), Parameter("unmask", default: .nil),
                ]
            ) { arguments, context in
                let key = try arguments.string("key")
                let path = try GrainEdits.path(key, delimiter: try arguments.string("delimiter"))
                let explicitDefault = arguments.named["default"].map { !$0.isNil } ?? false
                var found = context.pillar.traversed(by: path)
                if found == nil, !explicitDefault, context.config.pillarRaiseOnMissing {
                    throw ExecutionError.exception("KeyError: 'Pillar key not found: \(key)'")
                }
                if try arguments.bool("merge"), let value = found {
                    let mergeLists = arguments["merge_nested_lists"].isNil
                        ? false : arguments["merge_nested_lists"].pythonTruth
                    switch (arguments["default"], value) {
                    case (.map, .map): found = PillarMerge.merge(arguments["default"], value, strategy: .recurse, mergeLists: mergeLists)
                    case (.array(var list), .array(let items)):
                        for item in items where !list.contains(item) { list.append(item) }
                        found = .array(list)
                    default: break
                    }
                }
                let value = found ?? (explicitDefault ? arguments["default"] : "")
                return masked(value, unless: arguments["unmask"], default: false)
            },
            ExecutionFunction(
                "pillar.item",
                doc: "Return the named pillar values as {name: value}; nested values are reached with 'a:b' paths, missing ones are default (''). Values are masked unless unmask=True.\n\nCLI Example:\n\n    brine '*' pillar.item foo bar:baz",
                parameters: [
                    Parameter("default", default: .nil, keywordOnly: true), Parameter("delimiter", default: .nil, keywordOnly: true),
                    Parameter("pillarenv", default: .nil, keywordOnly: true), Parameter("saltenv", default: .nil, keywordOnly: true),
                    Parameter("unmask", default: .nil, keywordOnly: true),
                ],
                variadic: true
            ) { arguments, context in
                let delimiter = arguments["delimiter"].stringValue ?? ":"
                let fallback = arguments["default"].isNil ? "" : arguments["default"]
                let pillar = context.pillar
                var found: [MessagePackPair] = []
                for key in arguments.extraPositional {
                    let path = try GrainEdits.path(key.pythonString, delimiter: delimiter)
                    found.append(MessagePackPair(key, pillar.traversed(by: path) ?? fallback))
                }
                return masked(.map(found), unless: arguments["unmask"], default: false)
            },
            items("pillar.items"),
            items("pillar.data"),
            ExecutionFunction(
                "pillar.raw",
                doc: "Return the pillar held in memory, or with key= the value of that top-level key ({} when missing). Values are shown unless unmask=False.\n\nCLI Example:\n\n    brine '*' pillar.raw\n    brine '*' pillar.raw key=roles",
                parameters: [Parameter("key", default: .nil), Parameter("unmask", default: .nil)]
            ) { arguments, context in
                let value = arguments["key"].isNil ? context.pillar : context.pillar[arguments["key"].pythonString] ?? [:]
                return masked(value, unless: arguments["unmask"], default: true)
            },
            ExecutionFunction(
                "pillar.ls",
                doc: "Return the top-level pillar keys, from a fresh pillar (as pillar.items).\n\nCLI Example:\n\n    brine '*' pillar.ls",
                parameters: [Parameter("unmask", default: .nil, keywordOnly: true)] + itemsOptions,
                variadic: true
            ) { _, context in
                .array((fresh(context).mapValue ?? []).map(\.key))
            },
            ExecutionFunction(
                "pillar.keys",
                doc: "Return the keys of the dict at a pillar path ('a:b'; delimiter= changes the ':').\n\nCLI Example:\n\n    brine '*' pillar.keys web:sites",
                parameters: [Parameter("key", .string), Parameter("delimiter", .string, default: ":"), Parameter("unmask", default: .nil)]
            ) { arguments, context in
                let key = try arguments.string("key")
                guard let value = context.pillar.traversed(by: try GrainEdits.path(key, delimiter: try arguments.string("delimiter"))) else {
                    throw ExecutionError.exception("KeyError: 'Pillar key not found: \(key)'")
                }
                guard let pairs = value.mapValue else { throw ExecutionError.exception("ValueError: Pillar value in key \(key) is not a dict") }
                return .array(pairs.map(\.key))
            },
            refresh("saltutil.refresh_pillar"),
            refresh("saltutil.pillar_refresh"),
        ]
    }

    static let itemsOptions = [
        Parameter("pillar", default: .nil, keywordOnly: true), Parameter("pillar_enc", default: .nil, keywordOnly: true),
        Parameter("pillarenv", default: .nil, keywordOnly: true), Parameter("saltenv", default: .nil, keywordOnly: true),
    ]

    /// `pillar.items` and its alias `pillar.data`: a fresh pillar from the master.
    private static func items(_ name: String) -> ExecutionFunction {
        ExecutionFunction(
            name,
            doc: "Ask the master for a fresh pillar and return it. Values are masked ('**********') while pillar_mask_output is True (the default), unless unmask=True.\n\nCLI Example:\n\n    brine '*' \(name)\n    brine '*' \(name) unmask=True",
            parameters: [Parameter("unmask", default: .nil, keywordOnly: true)] + itemsOptions,
            variadic: true
        ) { arguments, context in
            masked(fresh(context), unless: arguments["unmask"], default: !context.config.pillarMaskOutput)
        }
    }

    private static func refresh(_ name: String) -> ExecutionFunction {
        ExecutionFunction(
            name,
            doc: "Ask the master for this minion's pillar anew (it is compiled again, from the grains as they are now). With wait=True, wait up to timeout seconds for it to arrive. Returns True.\n\nCLI Example:\n\n    brine '*' \(name)\n    brine '*' \(name) wait=True",
            parameters: [Parameter("wait", .bool, default: false), Parameter("timeout", .float, default: 30), Parameter("clean_cache", .bool, default: true)]
        ) { arguments, context in
            let ticket = context.pillarStore.requestRefresh()
            if try arguments.bool("wait") {
                _ = context.pillarStore.waitForRefresh(ticket, timeout: try arguments.double("timeout"))
            }
            return true
        }
    }

    /// The pillar after a refresh, or the one in memory when the master does not answer in time.
    private static func fresh(_ context: JobContext) -> MessagePackValue {
        let ticket = context.pillarStore.requestRefresh()
        _ = context.pillarStore.waitForRefresh(ticket, timeout: context.config.returnRetryTimer)
        return context.pillar
    }

    /// The value as the call shows it: `unmask` True shows it, False masks it, None takes `fallback`.
    static func masked(_ value: MessagePackValue, unless unmask: MessagePackValue, default fallback: Bool) -> MessagePackValue {
        let show = unmask.isNil ? fallback : (unmask.boolValue ?? ["true", "yes", "1"].contains(unmask.pythonString.lowercased()))
        return show ? value : mask(value)
    }

    /// Salt's `secret.serial`: every non-empty text, bytes, number or boolean becomes the placeholder;
    /// empty and false values, None and keys stay.
    static func mask(_ value: MessagePackValue) -> MessagePackValue {
        switch value {
        case .array(let items): return .array(items.map(mask))
        case .map(let pairs): return .map(pairs.map { MessagePackPair($0.key, mask($0.value)) })
        case .binary(let bytes): return bytes.isEmpty ? value : .binary(Array(placeholder.utf8))
        case .string, .int, .uint, .double, .float, .bool: return value.pythonTruth ? .text(placeholder) : value
        case .nil, .ext: return value
        }
    }
}
