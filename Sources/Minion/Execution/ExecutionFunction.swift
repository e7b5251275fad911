import MessagePack

/// One parameter of an execution function, declared once so argument checks, `sys.doc` and
/// `sys.argspec` all read the same declaration.
public struct Parameter: Sendable {
    public enum Kind: String, Sendable {
        case string, int, float, bool, list, dict, any
    }

    public let name: String
    public let kind: Kind
    /// nil: the parameter is required.
    public let defaultValue: MessagePackValue?

    public init(_ name: String, _ kind: Kind = .any, default defaultValue: MessagePackValue? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
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
}

/// What a function failed with; the text is what the operator sees as the minion's return.
public enum ExecutionError: Error, Sendable, CustomStringConvertible {
    /// Bad arguments (Salt's `SaltInvocationError`/`TypeError`).
    case invalidArguments(String)
    /// The function ran and failed (Salt's `CommandExecutionError`).
    case commandFailed(String)

    public var description: String {
        switch self {
        case .invalidArguments(let why), .commandFailed(let why): return why
        }
    }
}
