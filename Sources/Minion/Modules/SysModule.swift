import MessagePack
import PythonRules

/// `sys.*`: what this minion can run, with each function's documentation and signature, read from
/// the same declarations that bind the arguments.
enum SysModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "sys.list_modules",
                doc: "List the modules this minion offers; arguments narrow the list to modules named by them (globs allowed).\n\nCLI Example:\n\n    brine '*' sys.list_modules\n    brine '*' sys.list_modules 's*'",
                variadic: true
            ) { arguments, context in
                // A module without declared functions (an executable without a declaration) is named alone.
                let names = Array(context.functions.functions.keys) + context.functions.undeclaredModules
                let patterns = arguments.extraPositional.map(\.pythonString)
                var modules = Set<String>()
                for name in names {
                    let module = String(name.split(separator: ".")[0])
                    if patterns.isEmpty || patterns.contains(where: { $0.contains("*") ? Glob($0).matches(name) : $0 == module }) {
                        modules.insert(module)
                    }
                }
                return .array(modules.sorted().map(MessagePackValue.text))
            },
            ExecutionFunction(
                "sys.list_functions",
                doc: "List the functions this minion offers; arguments narrow the list to a module ('sys') or a glob ('sys.list_*').\n\nCLI Example:\n\n    brine '*' sys.list_functions\n    brine '*' sys.list_functions sys\n    brine '*' sys.list_functions 'sys.list_*'",
                variadic: true
            ) { arguments, context in
                .array(select(context.functions, arguments.extraPositional.map(\.pythonString)).map { .text($0.name) })
            },
            ExecutionFunction(
                "sys.doc",
                doc: "Return the documentation of every function, or of the modules and functions named (globs allowed), as {function: doc}.\n\nCLI Example:\n\n    brine '*' sys.doc\n    brine '*' sys.doc sys\n    brine '*' sys.doc sys.doc\n    brine '*' sys.doc 'cmd.run*'",
                variadic: true
            ) { arguments, context in
                .map(select(context.functions, arguments.extraPositional.map(\.pythonString)).map { MessagePackPair(.text($0.name), .text($0.doc)) })
            },
            ExecutionFunction(
                "sys.argspec",
                doc: "Return the signature of functions as {function: {args, defaults, varargs, kwargs}}: every function, a module's ('pkg') or a glob's ('pkg.*').\n\nCLI Example:\n\n    brine '*' sys.argspec pkg.install\n    brine '*' sys.argspec sys\n    brine '*' sys.argspec",
                parameters: [Parameter("module", .string, default: "")]
            ) { arguments, context in
                let module = try arguments.string("module")
                return .map(select(context.functions, module.isEmpty ? [] : [module]).map { MessagePackPair(.text($0.name), argspec($0)) })
            },
        ]
    }

    /// Functions named by `patterns`, sorted: a pattern with `*` or `.` is a glob on the full name,
    /// anything else names a module (so `sys` does not also match `sysctl`). No pattern: all.
    static func select(_ registry: FunctionRegistry, _ patterns: [String]) -> [ExecutionFunction] {
        registry.functions.values.filter { function in
            patterns.isEmpty || patterns.contains { pattern in
                pattern.contains("*") || pattern.contains(".") ? Glob(pattern).matches(function.name)
                    : function.name.hasPrefix(pattern.hasSuffix(".") ? pattern : pattern + ".")
            }
        }.sorted { $0.name < $1.name }
    }

    /// Salt's `argspec_report` entry: empty fields are None. Keyword-only parameters are not
    /// positional arguments, so they show as `kwargs: True`, as Salt's `**kwargs` options do.
    static func argspec(_ function: ExecutionFunction) -> MessagePackValue {
        let positional = function.positionalParameters
        let defaults = positional.compactMap(\.defaultValue)
        let keywords = function.extraKeywords || function.parameters.contains(where: \.keywordOnly)
        return [
            "args": positional.isEmpty ? .nil : .array(positional.map { .text($0.name) }),
            "defaults": defaults.isEmpty ? .nil : .array(defaults),
            "varargs": function.variadic ? true : .nil,
            "kwargs": keywords ? true : .nil,
        ]
    }
}
