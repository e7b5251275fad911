public import MessagePack
import SaltWire

/// A runner call's arguments: positional ones and `key=value` keywords, as `CommandLineArguments`
/// parsed them from the command line.
public struct RunnerCall: Sendable {
    public let function: String
    public let positional: [MessagePackValue]
    public let keywords: [String: MessagePackValue]

    public init(function: String, arguments: [MessagePackValue]) {
        self.function = function
        let call = CallArguments(arguments)
        positional = call.positional
        keywords = call.keywordsByName
    }

    /// The argument by keyword or at `position`.
    public func value(_ name: String, position: Int? = nil) -> MessagePackValue? {
        if let value = keywords[name] { return value }
        if let position, position < positional.count { return positional[position] }
        return nil
    }

    public func string(_ name: String, position: Int? = nil) -> String? {
        guard let value = value(name, position: position) else { return nil }
        if let text = value.stringValue { return text }
        if let number = value.intValue { return String(number) }
        return nil
    }

    public func bool(_ name: String, default fallback: Bool) -> Bool {
        guard let value = value(name) else { return fallback }
        if let flag = value.boolValue { return flag }
        return ["true", "yes", "1"].contains(value.stringValue?.lowercased() ?? "")
    }

    /// A list given as a list, or as a comma-separated string (Salt's `split_input`).
    public func list(_ name: String) -> [String] {
        guard let value = value(name) else { return [] }
        if let items = value.arrayValue { return items.compactMap(\.stringValue) }
        return (value.stringValue ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: " ") }
    }

    /// Refuses keywords the function does not take, naming them.
    func check(allowed: Set<String>) throws(RunnerError) {
        let unknown = keywords.keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw .unexpectedKeywords(function: function, names: unknown)
        }
    }
}

/// A runner failure with the text to show.
public enum RunnerError: Error, CustomStringConvertible, Sendable {
    /// A value the function cannot use: `Error: <why>` on stderr, exit status 1.
    case invalidArguments(String)
    /// The call does not fit the function's parameters, in Python's words (`lookup_jid() missing 1 required
    /// positional argument: 'jid'`); salt-run prints it with the function's documentation, exit status 0.
    case callMismatch(String)
    /// Keywords the function does not take; salt-run then shows the documentation of the functions so named.
    case unexpectedKeywords(function: String, names: [String])
    case unknownFunction(String)
    case failed(String)

    public var description: String {
        switch self {
        case .invalidArguments(let why), .callMismatch(let why), .failed(let why): return why
        case .unknownFunction(let name): return "'\(name)' is not available."
        case .unexpectedKeywords(let function, let names):
            return "\(function) got unexpected keyword argument\(names.count == 1 ? "" : "s"): \(names.joined(separator: ", "))"
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, set.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
