import MessagePack
import PythonRules

/// A grain or pillar expression such as `os:Debian` or `roles:web*`, matched with the rules of
/// Salt's `subdict_match`.
///
/// The delimiter both nests keys and may belong to the value, so `a:b:c` is tried as key path
/// `a:b` with value `c`, then as key `a` with value `b:c`, deepest first. Both sides are compared as
/// Python would print them, lowercased: `G@os:debian` matches `Debian`, and `True`/`true` both match a
/// boolean. A list matches when any member does; a map matches when the value names one of its
/// keys. A value of `*` only asks that the key exist, and a `*` level (`ip_interfaces:*:10.0.0.1`)
/// searches one level down.
struct SubdictPattern: Sendable {
    /// One way of reading the text after a given number of key parts as the value to compare.
    private struct Value: Sendable {
        /// As written, for key lookups, which Salt does not lowercase.
        let raw: String
        let rawBytes: [UInt8]
        /// nil when this reading is not a valid regex; Salt logs it and treats it as no match.
        let matcher: Matcher?

        init(raw: String, matcher: Matcher?) {
            self.raw = raw
            self.rawBytes = Array(raw.utf8)
            self.matcher = matcher
        }
    }

    private enum Matcher: Sendable {
        case glob(Glob)
        case regex(PythonRegex)

        func matches(_ value: MessagePackValue) -> Bool {
            let text = value.pythonString.lowercased()
            switch self {
            case .glob(let pattern): return pattern.matches(text)
            case .regex(let regex): return regex.matchesPrefix(of: text)
            }
        }
    }

    /// The expression split at every delimiter.
    private let parts: [String]
    /// `values[i]` reads `parts[i...]` as a value.
    private let values: [Value]

    /// With `regex`, the expression is refused only when no reading of its value compiles: in
    /// `ip_interfaces:*:10\..*` the reading `*:10\..*` is no regex, yet `10\..*` is the one used.
    /// A bare `*` is exempt, as it asks whether a key exists rather than being a regex.
    init(_ expression: String, delimiter: String, regex: Bool) throws(TargetingError) {
        let parts = expression.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { throw .missingValue(expression: expression, delimiter: delimiter) }
        var values: [Value] = []
        var firstError: TargetingError?
        for start in parts.indices {
            let raw = parts[start...].joined(separator: delimiter)
            let lowered = raw.lowercased()
            guard regex else {
                values.append(Value(raw: raw, matcher: .glob(Glob(lowered))))
                continue
            }
            do throws(TargetingError) {
                values.append(Value(raw: raw, matcher: .regex(try PythonRegex(lowered))))
            } catch {
                // Salt logs such a reading and treats it as no match.
                values.append(Value(raw: raw, matcher: nil))
                if start == 1 { firstError = error }
            }
        }
        if let firstError, values[1...].allSatisfy({ $0.matcher == nil }), values[1].raw != "*" {
            throw firstError
        }
        self.parts = parts
        self.values = values
    }

    func matches(_ data: MessagePackValue) -> Bool {
        matches(data, from: 0)
    }

    /// Salt's `subdict_match` on the expression `parts[start...]`.
    private func matches(_ data: MessagePackValue, from start: Int) -> Bool {
        for valueStart in stride(from: parts.count - 1, to: start, by: -1) {
            let candidate: MessagePackValue
            let value: Int
            if valueStart == start + 1, parts[start] == "*" {
                // A leading `*` key stands for the whole data, matched against the whole expression.
                candidate = data
                value = start
            } else {
                guard let found = data.traversed(by: parts[start..<valueStart]) else { continue }
                candidate = found
                value = valueStart
            }
            switch candidate {
            case .map(let pairs) where pairs.isEmpty:
                continue  // Salt cannot tell an empty map from "not found".
            case .map(let pairs):
                if matches(pairs, from: value) { return true }
            case .array(let members):
                for member in members {
                    if case .map(let pairs) = member, matches(pairs, from: value) { return true }
                    if values[value].matcher?.matches(member) == true { return true }
                }
            default:
                if values[value].matcher?.matches(candidate) == true { return true }
            }
        }
        return false
    }

    /// Salt's `_dict_match`: does the value `parts[start...]` match this map?
    private func matches(_ pairs: [MessagePackPair], from start: Int) -> Bool {
        let wildcard = parts[start] == "*" && start + 1 < parts.count
        let start = wildcard ? start + 1 : start
        let value = values[start]
        if value.raw == "*" { return true }
        if pairs.contains(where: { if case .string(let key) = $0.key { key == value.rawBytes } else { false } }) {
            return true
        }
        if pairs.contains(where: { value.matcher?.matches($0.key) == true }) { return true }
        if matches(.map(pairs), from: start) { return true }
        guard wildcard else { return false }
        return pairs.contains { pair in
            switch pair.value {
            case .map(let inner): return matches(inner, from: start)
            case .array(let items): return items.contains { value.matcher?.matches($0) == true }
            default: return value.matcher?.matches(pair.value) == true
            }
        }
    }
}
