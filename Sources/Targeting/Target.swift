public import MessagePack
import PythonRules

/// A target expression as Salt 3008 understands it, answering "is this minion targeted?".
///
/// The minion asks it about itself; the master asks it about every accepted key to learn whom to
/// wait for. Both sides must agree, so the semantics follow Salt's matchers (including their oddities,
/// such as grain values comparing case-insensitively) rather than what might look tidier. Where Salt
/// would log an error and match nothing, initialisation throws instead.
public struct Target: Sendable {
    private let root: MatchExpression

    /// True when only the id decides (glob, pcre, list, and compounds built only from those): the
    /// master can then expand it against accepted keys without grains.
    public let dependsOnlyOnID: Bool

    /// True when a pillar term takes part: the master then needs each minion's cached pillar.
    public let usesPillar: Bool

    /// Parses once (compound is compiled to an expression tree; regexes compiled), then matches many
    /// minions fast.
    ///
    /// `expression` is a string, or an array for `list` (minion ids) and `compound` (words, as Salt's
    /// Python API allows). `delimiter` separates grain and pillar keys; like Salt, it applies to the
    /// grain and pillar types only, a compound term choosing its own with `G|@os|Debian`.
    /// `nodegroups` is the master's `nodegroups:` map, needed for `nodegroup` targets and `N@` terms.
    public init(
        _ expression: MessagePackValue,
        type: TargetType = .glob,
        delimiter: String = ":",
        nodegroups: [String: MessagePackValue] = [:]
    ) throws(TargetingError) {
        switch (type, expression) {
        case (.list, .array(let items)):
            // Salt tests `id in tgt`, which only an equal string satisfies.
            root = .list(Set(items.compactMap(\.stringValue)))
        case (.compound, .array(let items)):
            let compiler = TargetCompiler(nodegroups: nodegroups)
            root = try compiler.compound(CompoundLexer.words(of: items.map(\.pythonString)), expanding: [])
        default:
            guard let text = expression.stringValue else {
                throw .unsupportedExpression(type, kind: expression.kindName)
            }
            self = try Target(text, type: type, delimiter: delimiter, nodegroups: nodegroups)
            return
        }
        dependsOnlyOnID = root.dependsOnlyOnID
        usesPillar = root.usesPillar
    }

    /// Parses once (compound is compiled to an expression tree; regexes compiled), then matches many
    /// minions fast. See the `MessagePackValue` initialiser for the meaning of the parameters.
    public init(
        _ expression: String,
        type: TargetType = .glob,
        delimiter: String = ":",
        nodegroups: [String: MessagePackValue] = [:]
    ) throws(TargetingError) {
        guard !delimiter.isEmpty else { throw .emptyDelimiter }
        let compiler = TargetCompiler(nodegroups: nodegroups)
        root = try compiler.compile(expression, as: type, delimiter: delimiter, expanding: [])
        dependsOnlyOnID = root.dependsOnlyOnID
        usesPillar = root.usesPillar
    }

    public func matches(_ minion: MinionFacts) -> Bool {
        root.matches(minion)
    }
}
