public import MessagePack
import PythonRules

extension Target {
    /// The compound expression a nodegroup stands for, nested `N@` groups expanded in parentheses: what
    /// the master publishes, since minions do not know the master's `nodegroups:`.
    public static func compoundExpression(
        forNodegroup name: String, nodegroups: [String: MessagePackValue]
    ) throws(TargetingError) -> String {
        try expand(name, nodegroups: nodegroups, expanding: [])
    }

    private static func expand(
        _ name: String, nodegroups: [String: MessagePackValue], expanding: [String]
    ) throws(TargetingError) -> String {
        if let start = expanding.firstIndex(of: name) { throw .nodegroupCycle(Array(expanding[start...]) + [name]) }
        guard let definition = nodegroups[name] else { throw .unknownNodegroup(name) }
        let words: [String]
        if case .array(let items) = definition {
            words = CompoundLexer.words(of: items.map(\.pythonString)).map(\.text)
        } else if let text = definition.stringValue {
            words = CompoundLexer.words(in: text).map(\.text)
        } else {
            throw .invalidNodegroup(name, reason: "must be a compound string or a list of minion ids, not \(definition.kindName)")
        }
        guard !words.isEmpty else { throw .invalidNodegroup(name, reason: "it is empty") }
        if let type = TargetCompiler.plainIDType(words) {
            return (type == .list ? "L@" : "E@") + words.joined(separator: ",")
        }
        var expanded: [String] = []
        for word in words {
            if word.hasPrefix("N@") {
                expanded.append("( " + (try expand(String(word.dropFirst(2)), nodegroups: nodegroups, expanding: expanding + [name])) + " )")
            } else {
                expanded.append(word)
            }
        }
        return expanded.joined(separator: " ")
    }
}
