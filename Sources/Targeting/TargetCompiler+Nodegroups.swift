import MessagePack
import PythonRules

extension TargetCompiler {
    /// Salt counts these as "regex characters" when deciding whether a plain-id nodegroup is a regex.
    private static let regexCharacters: Set<Character> = ["(", "[", "{", "\\", "?", "}", "]", ")"]

    /// Expands a nodegroup as Salt's `nodegroup_comp` does: a string is split into compound words, a
    /// list's items are words as they stand, and `N@` inside either recurses.
    ///
    /// Salt wraps an expansion in parentheses only when it is nested or itself contains `N@`, so a
    /// top-level `N@g and x` with `g: 'a or b'` reads as `a or (b and x)` there. Brine always keeps a
    /// group whole, which is what the configuration means.
    func nodegroup(named name: String, expanding: [String]) throws(TargetingError) -> MatchExpression {
        if let start = expanding.firstIndex(of: name) {
            throw .nodegroupCycle(Array(expanding[start...]) + [name])
        }
        guard let definition = nodegroups[name] else { throw .unknownNodegroup(name) }
        let words: [CompoundLexer.Word]
        if case .array(let items) = definition {
            words = CompoundLexer.words(of: items.map(\.pythonString))
        } else if let text = definition.stringValue {
            words = CompoundLexer.words(in: text)
        } else {
            let reason = "must be a compound string or a list of minion ids, not \(definition.kindName)"
            throw .invalidNodegroup(name, reason: reason)
        }
        guard !words.isEmpty else { throw .invalidNodegroup(name, reason: "it is empty") }
        let texts = words.map(\.text)
        if let type = Self.plainIDType(texts) {
            return try compile(texts.joined(separator: ","), as: type, delimiter: ":", expanding: expanding)
        }
        return try compound(words, expanding: expanding + [name], nodegroup: name)
    }

    /// Salt reads a definition without operators, `*` or `X@` prefixes as minion ids rather than a
    /// compound: `L@` of the comma-joined words, or `E@` when any word holds a regex character (so a
    /// lone `web?` is the regex `web?`, matching every id that starts with `we`).
    static func plainIDType(_ words: [String]) -> TargetType? {
        let isCompound = words.contains {
            CompoundLexer.isOperator($0) || $0.contains("*") || CompoundLexer.hasEnginePrefix($0)
        }
        guard !isCompound else { return nil }
        return words.contains { $0.contains(where: regexCharacters.contains) } ? .pcre : .list
    }
}
