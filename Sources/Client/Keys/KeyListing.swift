public import MessagePack
import PythonRules

/// The pki dir as `salt-key` reports it: ids by state under Salt's names, in Salt's order
/// (`minions_pre`, `minions_rejected`, `minions`, `minions_denied`, then `local` for the master's own
/// key files), each list sorted ignoring case. Pure, so its answers are tested directly.
public struct KeyListing: Sendable {
    /// State directory name (or `local`) and its ids, in Salt's order.
    public let states: [(name: String, ids: [String])]

    public static let order = ["minions_pre", "minions_rejected", "minions", "minions_denied"]

    public init(idsByState: [String: [String]], localKeys: [String]) {
        var states = Self.order.map { ($0, Self.sortedIgnoringCase(idsByState[$0] ?? [])) }
        states.append(("local", Self.sortedIgnoringCase(localKeys)))
        self.states = states
    }

    /// `list_status`: one state, or all of them (without the master's own keys, as salt-key prints them).
    public func status(_ argument: String) -> [(name: String, ids: [String])] {
        let wanted: String? = switch true {
        case argument.hasPrefix("acc"): "minions"
        case argument.hasPrefix("pre"), argument.hasPrefix("un"): "minions_pre"
        case argument.hasPrefix("rej"): "minions_rejected"
        case argument.hasPrefix("den"): "minions_denied"
        default: nil
        }
        guard let wanted else { return states.filter { $0.name != "local" } }
        return states.filter { $0.name == wanted }
    }

    /// `glob_match`: per state, the ids any of the comma-separated globs matches; only states with a match
    /// are listed. `full` includes the master's own key files.
    public func match(_ pattern: String, full: Bool) -> [(name: String, ids: [String])] {
        let globs = pattern.split(separator: ",", omittingEmptySubsequences: false).map { Glob(String($0)) }
        var found: [(name: String, ids: [String])] = []
        for (name, ids) in states where full || name != "local" {
            let matching = pattern == "*" ? ids : ids.filter { id in globs.contains { $0.matches(id) } }
            if !matching.isEmpty { found.append((name, matching)) }
        }
        return found
    }

    static func sortedIgnoringCase(_ ids: [String]) -> [String] {
        ids.sorted { $0.lowercased() < $1.lowercased() }
    }

    /// `{state: [ids]}` as the outputters print it.
    public static func value(_ states: [(name: String, ids: [String])]) -> MessagePackValue {
        .map(states.map { MessagePackPair(.text($0.name), .array($0.ids.map(MessagePackValue.text))) })
    }
}
