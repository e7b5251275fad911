/// What one command line said: the option values by key and the words left over (the operands), in order.
public struct ParsedCommandLine: Sendable {
    public enum Value: Sendable, Equatable {
        case flag(Bool)
        case text(String)
        case int(Int)
        case double(Double)
        case list([String])
    }

    public internal(set) var values: [String: Value] = [:]
    /// The words that are not options, in the order given (`--` and everything after it included, minus the `--`).
    public internal(set) var arguments: [String] = []

    public init() {}

    /// Whether a switch was given (false when it was not).
    public func flag(_ key: String) -> Bool {
        if case .flag(let set)? = values[key] { return set }
        return false
    }

    public func string(_ key: String) -> String? {
        switch values[key] {
        case .text(let text)?: return text
        case .int(let number)?: return String(number)
        case .double(let number)?: return String(number)
        case .list(let items)?: return items.last
        default: return nil
        }
    }

    public func int(_ key: String) -> Int? {
        if case .int(let number)? = values[key] { return number }
        return nil
    }

    public func double(_ key: String) -> Double? {
        switch values[key] {
        case .double(let number)?: return number
        case .int(let number)?: return Double(number)
        default: return nil
        }
    }

    public func list(_ key: String) -> [String] {
        if case .list(let items)? = values[key] { return items }
        return []
    }

    public func isGiven(_ key: String) -> Bool { values[key] != nil }

    /// Adds a second command line (Salt's `--args-stdin`): its options override, its arguments follow.
    public mutating func merge(_ other: ParsedCommandLine) {
        values.merge(other.values) { _, new in new }
        arguments += other.arguments
    }
}

/// How parsing ended: a command line to run, or a request that stops the program at once.
public enum ParseOutcome: Sendable {
    case run(ParsedCommandLine)
    /// `-h`/`--help`: print `HelpText` and exit 0.
    case help
    /// `--version`: print the name and version and exit 0.
    case version
}
