public import MessagePack
public import OptionParsing

/// What the words of `brine`'s command line mean, read as Salt's `salt` reads them
/// (`SaltCMDOptionParser`): one target type at most, the target, the function, its arguments.
public struct JobCommandLine: Sendable, Equatable {
    public let target: MessagePackValue
    public let targetType: String
    public let function: String
    public let arguments: [String]

    /// Why the words cannot make a job, with what Salt does then.
    public enum Refusal: Error, Equatable {
        /// A usage error (exit 64), as optparse reports it.
        case usage(String)
        /// The help goes to stdout, then this message to stderr, exit 42.
        case incomplete(String)
    }

    /// The target options in the order Salt declares them, each with its `tgt_type` and the spelling its
    /// "mutually exclusive" refusal names.
    static let targetOptions: [(key: String, type: String, spelling: String)] = [
        ("pcre", "pcre", "--pcre"), ("list", "list", "--list"), ("grain", "grain", "--grain"),
        ("grain_pcre", "grain_pcre", "--grain-pcre"), ("nodegroup", "nodegroup", "--nodegroup"),
        ("compound", "compound", "--compound"), ("pillar_target", "pillar", "--pillar"),
        ("pillar_pcre", "pillar_pcre", "--pillar-pcre"), ("ipcidr", "ipcidr", "--ipcidr"),
    ]

    /// The target type the options chose (`glob` when none did).
    public static func targetType(_ parsed: ParsedCommandLine) throws(Refusal) -> String {
        let chosen = targetOptions.filter { parsed.flag($0.key) }
        if chosen.count > 1 {
            throw .usage("The options \(chosen.map(\.spelling).joined(separator: "/")) are mutually exclusive. Please only choose one of them")
        }
        return chosen.first?.type ?? "glob"
    }

    public init(_ parsed: ParsedCommandLine) throws(Refusal) {
        targetType = try Self.targetType(parsed)
        var words = parsed.arguments
        if parsed.flag("doc") {
            // `-d` documents a function: the target defaults to every minion, the function becomes sys.doc.
            if words.isEmpty { words = ["*"] }
            if words.count < 2 { words.insert("sys.doc", at: 1) }
            if words[1] != "sys.doc" { words.insert("sys.doc", at: 1) }
            if words.count > 3 { throw .usage("You can only get documentation for one method at one time.") }
        }
        if parsed.flag("preview_target") && words.count == 1 { words.append("test.ping") }
        guard let first = words.first else { throw .incomplete("\nCannot execute command without defining a target.\n\n") }
        guard words.count >= 2 else { throw .incomplete("\nIncomplete options passed.\n\n") }
        target = targetType == "list" ? .array(Self.listTarget(first).map(MessagePackValue.text)) : .text(first)
        function = words[1]
        arguments = Array(words.dropFirst(2))
    }

    /// The ids a `-L` target lists (none for other target types).
    public var listedMinions: [String] {
        targetType == "list" ? target.arrayValue?.compactMap(\.stringValue) ?? [] : []
    }

    /// `-L`'s target: ids separated by commas (spaces around them dropped), or else by whitespace.
    static func listTarget(_ text: String) -> [String] {
        if text.contains(",") {
            return text.filter { $0 != " " }.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        return text.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
