public import MessagePack
public import Targeting
import PythonRules

/// The pillar top files of every environment, merged as Salt merges them: for each environment, the
/// targets in the order given (then by `order`), each with its match type and SLS names.
public struct PillarTop: Sendable {
    public struct Entry: Sendable, Equatable {
        public var target: String
        /// `- match:`; Salt's default is `compound`, in which a bare word is an id glob.
        public var match: String
        public var sls: [String]
        public var ignoreMissing: Bool
        public var order: Double
    }

    public struct Environment: Sendable {
        public var name: String
        public var entries: [Entry]
    }

    public private(set) var environments: [Environment] = []

    public init() {}

    /// Adds one rendered top file: `{environment: {target: [sls, …, {match: type}]}}`. A later
    /// top file's entry for the same environment and target replaces the earlier one.
    public mutating func add(_ top: MessagePackValue) {
        for environment in top.mapValue ?? [] {
            guard let name = environment.key.stringValue, name != "include" else { continue }
            var index = environments.firstIndex { $0.name == name }
            if index == nil {
                environments.append(Environment(name: name, entries: []))
                index = environments.count - 1
            }
            for target in environment.value.mapValue ?? [] {
                let entry = Self.entry(target.key.pythonString, target.value)
                if let existing = environments[index!].entries.firstIndex(where: { $0.target == entry.target }) {
                    environments[index!].entries[existing] = entry
                } else {
                    environments[index!].entries.append(entry)
                }
            }
        }
        for index in environments.indices {
            environments[index].entries = environments[index].entries.enumerated()
                .sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element)
        }
    }

    private static func entry(_ target: String, _ body: MessagePackValue) -> Entry {
        var entry = Entry(target: target, match: "compound", sls: [], ignoreMissing: false, order: 0)
        let items = body.arrayValue ?? (body.isNil ? [] : [body])
        for item in items {
            if let name = item.stringValue {
                if !entry.sls.contains(name) { entry.sls.append(name) }
            } else if case .map = item {
                if let match = item["match"]?.stringValue { entry.match = match }
                if let order = item["order"]?.doubleValue { entry.order = order }
                if let ignore = item["ignore_missing"] { entry.ignoreMissing = ignore.pythonTruth }
            }
        }
        return entry
    }

    /// Whether any target depends on the pillar itself (the `pillar` match types, `I@`/`J@`): the
    /// compiler then matches a second time with the pillar of the first pass.
    public var matchesOnPillar: Bool {
        environments.contains { environment in
            environment.entries.contains {
                $0.match == "pillar" || $0.match == "pillar_pcre"
                    || ($0.match == "compound" && ($0.target.contains("I@") || $0.target.contains("J@")))
            }
        }
    }

    /// For each environment, the SLS names (globs allowed) of the targets that match the minion, in
    /// order and without repeats; and the SLS names whose absence is not an error. `problems` gets
    /// a line for each target that cannot be read.
    public func matches(
        _ minion: MinionFacts, nodegroups: [String: MessagePackValue], only environment: String?, problems: inout [String]
    ) -> (sls: [(environment: String, names: [String])], ignoredMissing: Set<String>) {
        var found: [(environment: String, names: [String])] = []
        var ignored = Set<String>()
        for current in environments where environment == nil || current.name == environment {
            var names: [String] = []
            for entry in current.entries {
                guard let type = TargetType(rawValue: entry.match) else {
                    problems.append("Pillar top file target '\(entry.target)' in environment '\(current.name)' has the match type '\(entry.match)', which Brine does not support")
                    continue
                }
                let matched: Bool
                do {
                    matched = try Target(entry.target, type: type, nodegroups: nodegroups).matches(minion)
                } catch {
                    problems.append("Pillar top file target '\(entry.target)' in environment '\(current.name)': \(error)")
                    continue
                }
                guard matched else { continue }
                for name in entry.sls where !names.contains(name) { names.append(name) }
                if entry.ignoreMissing { ignored.formUnion(entry.sls.map { current.name + "\u{0}" + $0 }) }
            }
            if !names.isEmpty { found.append((current.name, names)) }
        }
        return (found, ignored)
    }
}
