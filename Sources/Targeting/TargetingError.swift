/// Why a target expression cannot be used.
///
/// Salt logs most of these and quietly matches nothing, which makes a typo look like an empty fleet.
/// Brine rejects the expression up front instead, so the master can tell the user and a minion can
/// log exactly what it was sent.
public enum TargetingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The expression is empty (or only whitespace) where something to match is required.
    case emptyExpression(TargetType)
    /// The expression is a MessagePack value this type cannot take, such as a map, or an array for
    /// anything but a list or compound. `kind` names what was received.
    case unsupportedExpression(TargetType, kind: String)
    /// A compound expression (or a nodegroup's definition, when `nodegroup` is set) is malformed.
    /// `position` is the 1-based character position of `token` in that text, so a caret can point at it.
    case syntax(reason: String, token: String, position: Int, nodegroup: String?)
    /// A user-supplied regular expression does not compile.
    case invalidRegex(pattern: String, reason: String)
    /// A grain or pillar expression has a key but no value to compare, e.g. `os` instead of `os:Debian`.
    case missingValue(expression: String, delimiter: String)
    /// A grain or pillar delimiter must be at least one character.
    case emptyDelimiter
    /// An `ipcidr` target is neither an IP address nor a network in CIDR notation.
    case invalidAddress(String, reason: String)
    /// `N@name` or `-N name` names a group missing from the master's `nodegroups:`.
    case unknownNodegroup(String)
    /// Nodegroups refer to each other in a loop; the path starts and ends with the same group.
    case nodegroupCycle([String])
    /// A nodegroup's definition is neither a compound string nor a list of minion ids, or is empty.
    case invalidNodegroup(String, reason: String)

    public var description: String {
        switch self {
        case .emptyExpression(let type):
            return "empty \(type.rawValue) target"
        case .unsupportedExpression(let type, let kind):
            let accepted = type == .list || type == .compound ? "a string or an array of strings" : "a string"
            return "a \(type.rawValue) target must be \(accepted), not \(kind)"
        case .syntax(let reason, let token, let position, let nodegroup):
            let subject = nodegroup.map { "invalid nodegroup '\($0)'" } ?? "invalid compound target"
            return "\(subject): \(reason) '\(token)' at position \(position)"
        case .invalidRegex(let pattern, let reason):
            return "invalid regular expression '\(pattern)': \(reason)"
        case .missingValue(let expression, let delimiter):
            return "'\(expression)' has no value to match: expected key\(delimiter)value"
        case .emptyDelimiter:
            return "the target delimiter must not be empty"
        case .invalidAddress(let text, let reason):
            return "invalid IP address or CIDR network '\(text)': \(reason)"
        case .unknownNodegroup(let name):
            return "unknown nodegroup '\(name)'"
        case .nodegroupCycle(let path):
            return "nodegroups refer to each other in a loop: \(path.joined(separator: " -> "))"
        case .invalidNodegroup(let name, let reason):
            return "invalid nodegroup '\(name)': \(reason)"
        }
    }
}
