import BrineCore
import MessagePack
import PythonRules

/// Which local users may publish which functions to which minions: Salt's `publisher_acl` and
/// `publisher_acl_blacklist`, decided on the caller the kernel vouched for (`PeerCredentials`).
///
/// ```yaml
/// publisher_acl:
///   alice: [test.*, 'pkg.list_pkgs']      # these functions on every minion
///   'ops%':                               # members of the group ops
///     - 'web*': [cmd.run, service.*]      # on minions the compound target 'web*' names
/// publisher_acl_blacklist:
///   users: [guest]
///   modules: [cmd.*]
/// ```
///
/// Root and the master's own user may run anything the blacklist allows; anyone else needs a
/// matching entry for every function of the job, and for a per-target entry every targeted minion
/// must be one its target names. Names, functions and users match as Salt's `expr_match` does
/// (exactly, as a glob, or as a regular expression of the whole text), except that a function
/// pattern must match the whole name (Salt's `re.match` accepts a prefix: `test.ping` there also
/// allows `test.ping_all`). `saltutil.find_job` is always allowed, as in Salt: `brine` asks it of
/// silent minions. Argument restrictions (`{fun: {args: [...]}}`) are not supported; such an entry
/// grants nothing and is named at start.
struct PublisherACL: Sendable {
    enum Subject: Sendable, Equatable {
        case user(String)
        case group(String)
    }

    enum Rule: Sendable, Equatable {
        case everywhere(function: String)
        case on(target: String, functions: [String])
    }

    struct Caller: Sendable {
        var user: String
        var groups: [String]
        /// Root or the master's own user.
        var isPrivileged: Bool
    }

    enum Decision: Sendable, Equatable {
        case allowed
        case refused(String)
    }

    static let alwaysAllowed: Set<String> = ["saltutil.find_job"]

    private(set) var entries: [(subject: Subject, rules: [Rule])] = []
    private(set) var blacklistedUsers: [String] = []
    private(set) var blacklistedFunctions: [String] = []
    /// What the config holds that grants nothing, for one warning each at start.
    private(set) var ignored: [String] = []

    init(acl: [MessagePackPair], blacklist: [MessagePackPair]) {
        for pair in acl {
            guard let name = pair.key.stringValue else { continue }
            let subject: Subject = name.hasSuffix("%") ? .group(String(name.dropLast())) : .user(name)
            entries.append((subject, rules(for: name, pair.value)))
        }
        for pair in blacklist {
            let patterns = (pair.value.arrayValue ?? [pair.value]).compactMap(\.stringValue)
            switch pair.key.stringValue {
            case "users": blacklistedUsers += patterns
            case "modules": blacklistedFunctions += patterns
            default: ignored.append("publisher_acl_blacklist: '\(pair.key.pythonString)' is neither users nor modules")
            }
        }
    }

    private mutating func rules(for name: String, _ value: MessagePackValue) -> [Rule] {
        var rules: [Rule] = []
        for item in value.arrayValue ?? [value] {
            if let function = item.stringValue {
                rules.append(.everywhere(function: function))
            } else if let pairs = item.mapValue, pairs.count == 1, let target = pairs[0].key.stringValue {
                var functions: [String] = []
                for function in pairs[0].value.arrayValue ?? [pairs[0].value] {
                    if let text = function.stringValue {
                        functions.append(text)
                    } else {
                        ignored.append("publisher_acl: \(name): \(target): argument restrictions are not supported, so \(function.pythonRepr) grants nothing")
                    }
                }
                rules.append(.on(target: target, functions: functions))
            } else {
                ignored.append("publisher_acl: \(name): \(item.pythonRepr) is neither a function nor {target: [functions]}")
            }
        }
        return rules
    }

    /// Whether `caller` may run `functions` on `minions` (the job's expected minions, none empty).
    /// - Parameter minionsNamed: the accepted minions a compound target names.
    func decide(_ caller: Caller, functions: [String], minions: [String], minionsNamed: (String) -> Set<String>) -> Decision {
        if Self.matchesAny(blacklistedUsers, caller.user) {
            return .refused("user \(caller.user) is blacklisted (publisher_acl_blacklist)")
        }
        if let function = functions.first(where: { Self.matchesAny(blacklistedFunctions, $0) }) {
            return .refused("\(function) is blacklisted (publisher_acl_blacklist)")
        }
        if caller.isPrivileged { return .allowed }
        let rules = entries.filter { applies($0.subject, to: caller) }.flatMap(\.rules)
        guard !rules.isEmpty else { return .refused("user \(caller.user) has no publisher_acl entry") }
        var targetCache: [String: Bool] = [:]
        for function in functions where !Self.alwaysAllowed.contains(function) {
            let allowed = rules.contains { rule in
                switch rule {
                case .everywhere(let pattern):
                    return Self.matches(pattern, function)
                case .on(let target, let patterns):
                    guard patterns.contains(where: { Self.matches($0, function) }) else { return false }
                    if let known = targetCache[target] { return known }
                    let covered = target == "*" || Set(minions).isSubset(of: minionsNamed(target))
                    targetCache[target] = covered
                    return covered
                }
            }
            if !allowed { return .refused("user \(caller.user) may not run \(function) on \(minions.count == 1 ? minions[0] : "these \(minions.count) minions")") }
        }
        return .allowed
    }

    /// Whether the caller may use the master at all (ask who a target names, or who is connected).
    func hasAnyRights(_ caller: Caller) -> Bool {
        caller.isPrivileged || entries.contains { applies($0.subject, to: caller) }
    }

    private func applies(_ subject: Subject, to caller: Caller) -> Bool {
        switch subject {
        case .user(let pattern): return Self.matches(pattern, caller.user)
        case .group(let name): return caller.groups.contains(name)
        }
    }

    private static func matchesAny(_ patterns: [String], _ text: String) -> Bool {
        patterns.contains { matches($0, text) }
    }

    /// Salt's `expr_match`: the same text, a glob, or a regular expression matching all of it.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        if pattern == text || Glob(pattern).matches(text) { return true }
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }
}
