public import MessagePack

/// One parameter of an execution function, declared once so argument checks, `sys.doc` and
/// `sys.argspec` all read the same declaration.
public struct Parameter: Sendable {
    /// What a value must look like; checked when the call is bound, so a function body never sees
    /// a list where it expects a number.
    public enum Kind: String, Sendable {
        case string, int, float, bool, list, dict, any

        /// Whether `value` can be read as this kind (numbers read as text, as Python's `str()` would;
        /// `"8"` reads as a number, as Salt's modules convert it).
        func accepts(_ value: MessagePackValue) -> Bool {
            switch self {
            case .any: return true
            case .list: return value.arrayValue != nil
            case .dict: return value.mapValue != nil
            case .string: return value.arrayValue == nil && value.mapValue == nil
            case .int:
                if value.intValue != nil { return true }
                if let number = value.doubleValue { return number == number.rounded() }
                return value.stringValue.flatMap { Int($0) } != nil
            case .float: return value.doubleValue != nil || value.stringValue.flatMap { Double($0) } != nil
            case .bool:
                if value.boolValue != nil || value.intValue != nil { return true }
                return ["true", "false", "yes", "no", "1", "0"].contains(value.stringValue?.lowercased() ?? "")
            }
        }

        var article: String {
            switch self {
            case .string: return "a string"
            case .int: return "an integer"
            case .float: return "a number"
            case .bool: return "true or false"
            case .list: return "a list"
            case .dict: return "a dict"
            case .any: return "a value"
            }
        }
    }

    public let name: String
    public let kind: Kind
    /// nil: the parameter is required. A parameter defaulting to Python's `None` has `.nil` here
    /// (write `default: .nil`; `default: nil` would make it required).
    public let defaultValue: MessagePackValue?
    /// Only settable by keyword, like the options Salt reads from `**kwargs` (`pkg.latest_version`'s
    /// `refresh`): positional arguments never land here.
    public let keywordOnly: Bool

    public init(_ name: String, _ kind: Kind = .any, default defaultValue: MessagePackValue? = nil, keywordOnly: Bool = false) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.keywordOnly = keywordOnly
    }
}

/// A function a minion can run (`module.function`): its parameters, its documentation and its body.
public struct ExecutionFunction: Sendable {
    public let name: String
    public let doc: String
    public let parameters: [Parameter]
    /// Takes any further positional arguments (Python's `*args`).
    public let variadic: Bool
    /// Takes any further keyword arguments (Python's `**kwargs`).
    public let extraKeywords: Bool
    public let body: @Sendable (Arguments, JobContext) throws -> MessagePackValue

    public init(
        _ name: String, doc: String, parameters: [Parameter] = [], variadic: Bool = false, extraKeywords: Bool = false,
        body: @escaping @Sendable (Arguments, JobContext) throws -> MessagePackValue
    ) {
        self.name = name
        self.doc = doc
        self.parameters = parameters
        self.variadic = variadic
        self.extraKeywords = extraKeywords
        self.body = body
    }

    /// The name Python would print in a `TypeError`: the function part, with the trailing underscore
    /// Salt gives functions named after Python keywords or builtins (`test.true` is `true_`).
    var pythonName: String {
        let bare = String(name.split(separator: ".").last ?? Substring(name))
        return ["true", "false", "reload"].contains(bare) ? bare + "_" : bare
    }

    /// Parameters that positional arguments fill, in order.
    var positionalParameters: [Parameter] { parameters.filter { !$0.keywordOnly } }
}

/// What a function failed with; each case is one of the Salt exceptions the minion turns into a
/// distinct return text, so operators see the message Salt would have shown.
public enum ExecutionError: Error, Sendable, CustomStringConvertible {
    /// The call does not fit the signature (Python's `TypeError`): shown with the function's doc.
    case invalidArguments(String)
    /// The values are not acceptable (Salt's `SaltInvocationError`).
    case invocation(String)
    /// The function ran and failed (Salt's `CommandExecutionError`).
    case commandFailed(String)
    /// Any other failure (a Python exception escaping the function).
    case exception(String)

    public var description: String {
        switch self {
        case .invalidArguments(let why), .invocation(let why), .commandFailed(let why), .exception(let why): return why
        }
    }
}
