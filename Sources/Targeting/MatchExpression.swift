import PythonRules

/// A compiled target: leaves hold ready-to-run matchers and inner nodes combine them, so matching a
/// minion never re-parses text. Every target type, nodegroups and compounds included, compiles to
/// this one tree.
indirect enum MatchExpression: Sendable {
    case glob(Glob)
    case pcre(PythonRegex)
    case list(Set<String>)
    case grains(SubdictPattern)
    case pillar(SubdictPattern)
    case ipcidr(IPCIDRTarget)
    case not(MatchExpression)
    /// Conjunction, flattened so a long `a and b and c` chain is one loop rather than a deep tree.
    case all([MatchExpression])
    /// Disjunction, flattened for the same reason.
    case any([MatchExpression])

    func matches(_ minion: MinionFacts) -> Bool {
        switch self {
        case .glob(let pattern): return pattern.matches(minion.id)
        case .pcre(let regex): return regex.matchesPrefix(of: minion.id)
        case .list(let ids): return ids.contains(minion.id)
        case .grains(let pattern): return pattern.matches(minion.grains)
        case .pillar(let pattern): return pattern.matches(minion.pillar)
        case .ipcidr(let target): return target.matches(grains: minion.grains)
        case .not(let operand): return !operand.matches(minion)
        case .all(let operands): return operands.allSatisfy { $0.matches(minion) }
        case .any(let operands): return operands.contains { $0.matches(minion) }
        }
    }

    var usesPillar: Bool {
        switch self {
        case .pillar: return true
        case .glob, .pcre, .list, .grains, .ipcidr: return false
        case .not(let operand): return operand.usesPillar
        case .all(let operands), .any(let operands): return operands.contains(where: \.usesPillar)
        }
    }

    var dependsOnlyOnID: Bool {
        switch self {
        case .glob, .pcre, .list: return true
        case .grains, .pillar, .ipcidr: return false
        case .not(let operand): return operand.dependsOnlyOnID
        case .all(let operands), .any(let operands): return operands.allSatisfy(\.dependsOnlyOnID)
        }
    }
}
