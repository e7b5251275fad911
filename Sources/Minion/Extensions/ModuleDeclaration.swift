import MessagePack
import PythonRules

/// A module's declaration file, read into the same `ExecutionFunction`s the built-in modules
/// declare, so `sys.doc`, `sys.argspec`, `sys.list_functions`, argument checks and their error texts
/// work the same for them:
///
/// ```yaml
/// actions:
///   hello:
///     doc: Greet someone.
///     args:
///       - name: who
///         type: string      # string, int, float, bool, list, dict or any (the default)
///         default: world    # without a default the argument is required
///     varargs: false        # further positional arguments (Python's *args)
///     kwargs: false         # further keyword arguments (Python's **kwargs)
/// ```
enum ModuleDeclaration {
    static func functions(
        of module: String, _ value: MessagePackValue, file: String,
        run: (_ name: String, _ parameters: [Parameter]) -> @Sendable (Arguments, JobContext) throws -> MessagePackValue
    ) throws -> [ExecutionFunction] {
        guard let actions = value["actions"]?.mapValue else { throw ModuleFailure("\(file): no 'actions' mapping") }
        return try actions.map { pair in
            guard let action = pair.key.stringValue, ExtensionModule.isValidName(action) else {
                throw ModuleFailure("\(file): action \(pair.key.pythonString) is not a valid function name")
            }
            let spec = pair.value.isNil ? [:] : pair.value
            guard spec.mapValue != nil else { throw ModuleFailure("\(file): action '\(action)' must be a mapping") }
            let parameters = try (spec["args"]?.arrayValue ?? []).map { try parameter($0, action: action, file: file) }
            let name = module + "." + action
            return ExecutionFunction(
                name, doc: spec.string("doc") ?? "", parameters: parameters,
                variadic: spec["varargs"]?.boolValue ?? false, extraKeywords: spec["kwargs"]?.boolValue ?? false,
                body: run(name, parameters))
        }
    }

    private static func parameter(_ value: MessagePackValue, action: String, file: String) throws -> Parameter {
        if let name = value.stringValue { return Parameter(name) }
        guard let name = value.string("name") else { throw ModuleFailure("\(file): an argument of '\(action)' has no name") }
        let typeName = value.string("type") ?? "any"
        guard let kind = Parameter.Kind(rawValue: typeName) else {
            throw ModuleFailure("\(file): argument '\(name)' of '\(action)' has type '\(typeName)'; use string, int, float, bool, list, dict or any")
        }
        let hasDefault = value.mapValue?.contains { $0.key.stringValue == "default" } ?? false
        return Parameter(name, kind, default: hasDefault ? value["default"] ?? .nil : nil, keywordOnly: value["keyword_only"]?.boolValue ?? false)
    }
}
