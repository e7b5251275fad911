import MessagePack
import PythonRules

/// Compiles one (pattern, type) pair into a `MatchExpression`.
///
/// The same entry point serves a whole target, each prefixed term of a compound (`G@…` is just a
/// grain pattern) and each nodegroup a compound refers to, so every path applies identical rules.
struct TargetCompiler: Sendable {
    /// The master's `nodegroups:` map.
    let nodegroups: [String: MessagePackValue]

    /// `expanding` lists the nodegroups being expanded around this pattern, to catch loops.
    func compile(
        _ pattern: String,
        as type: TargetType,
        delimiter: String,
        expanding: [String]
    ) throws(TargetingError) -> MatchExpression {
        switch type {
        case .glob:
            return .glob(Glob(pattern))
        case .pcre:
            return .pcre(try PythonRegex(pattern))
        case .list:
            // Salt's master splits on commas and drops empty entries; no whitespace is trimmed.
            return .list(Set(pattern.split(separator: ",").map(String.init)))
        case .grain:
            return .grains(try SubdictPattern(pattern, delimiter: delimiter, regex: false))
        case .grainPCRE:
            return .grains(try SubdictPattern(pattern, delimiter: delimiter, regex: true))
        case .pillar:
            return .pillar(try SubdictPattern(pattern, delimiter: delimiter, regex: false))
        case .pillarPCRE:
            return .pillar(try SubdictPattern(pattern, delimiter: delimiter, regex: true))
        case .ipcidr:
            return .ipcidr(try IPCIDRTarget(pattern))
        case .nodegroup:
            return try nodegroup(named: pattern, expanding: expanding)
        case .compound:
            return try compound(CompoundLexer.words(in: pattern), expanding: expanding)
        }
    }

    /// Parses compound words; `nodegroup` names the group they define, for error messages.
    func compound(
        _ words: [CompoundLexer.Word],
        expanding: [String],
        nodegroup: String? = nil
    ) throws(TargetingError) -> MatchExpression {
        var parser = CompoundParser(
            tokens: CompoundLexer.tokens(of: words),
            compiler: self,
            expanding: expanding,
            nodegroup: nodegroup
        )
        return try parser.parse()
    }
}
