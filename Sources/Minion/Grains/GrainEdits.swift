import MessagePack
import PythonRules
import Targeting

/// Salt's rules for changing grains from a job (`grains.setvals`, `set`, `append`, `remove`). Each
/// works out, from the grains as they are now, the top-level grain to write to the `grains` file,
/// or answers with the message Salt gives for leaving things alone.
enum GrainEdits {
    /// A key split at the delimiter, the path `grains.get` and friends walk.
    static func path(_ key: String, delimiter: String) throws(ExecutionError) -> ArraySlice<String> {
        guard !delimiter.isEmpty else { throw .invalidArguments("the delimiter must not be empty") }
        return key.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)[...]
    }

    /// Writes top-level grains to the file (a nil value with `destructive` removes the key), reloads,
    /// and returns what was set, or Salt's message when the file could not be read.
    static func setValues(_ values: [MessagePackPair], destructive: Bool, in store: GrainStore) -> MessagePackValue {
        let failure = store.editFile { pairs in
            for pair in values {
                let index = pairs.firstIndex { $0.key == pair.key }
                if pair.value.isNil && destructive {
                    if let index { pairs.remove(at: index) }
                } else if let index {
                    pairs[index].value = pair.value
                } else {
                    pairs.append(pair)
                }
            }
        }
        return failure.map(MessagePackValue.text) ?? .map(values)
    }

    /// `grains.set`: a possibly nested key. It refuses to replace a list or map, or to put one over
    /// a plain value, unless `force`; the answer is Salt's `{comment, changes, result}`.
    static func set(
        _ key: String, to newValue: MessagePackValue, force: Bool, destructive: Bool, delimiter: String, in store: GrainStore
    ) throws(ExecutionError) -> MessagePackValue {
        func answer(_ comment: String, changes: MessagePackValue = [:], result: Bool) -> MessagePackValue {
            ["comment": .text(comment), "changes": changes, "result": .bool(result)]
        }
        let grains = store.current
        let existing = grains.traversed(by: try path(key, delimiter: delimiter))
        if let existing, equal(existing, newValue), !newValue.isNil || !destructive {
            return answer("Grain is already set", result: true)
        }
        if let existing, !existing.isNil, !force {
            if existing.isContainer {
                return answer("The key '\(key)' exists but is a dict or a list. Use 'force=True' to overwrite.", result: false)
            }
            if newValue.isContainer {
                return answer("The key '\(key)' exists and the given value is a dict or a list. Use 'force=True' to overwrite.", result: false)
            }
        }
        var value = newValue
        var key = key
        while case let (parent, last)? = split(key, delimiter: delimiter) {
            key = parent
            var node = grains.traversed(by: try path(parent, delimiter: delimiter)) ?? [:]
            switch node {
            case .map:
                if value.isNil && destructive {
                    if case .map(let pairs) = node { node = .map(pairs.filter { $0.key.stringValue != last }) }
                } else {
                    node[last] = value
                }
            case .array(var items):
                var updated = false
                for index in items.indices {
                    if items[index].stringValue == last {
                        items[index] = [last: value]
                        updated = true
                    } else if items[index].mapValue != nil, items[index][last] != nil {
                        items[index][last] = value
                        updated = true
                    }
                }
                if !updated { items.append([last: value]) }
                node = .array(items)
            default:
                guard node.stringValue == last || force else {
                    return answer(
                        "The key '\(parent)' value is '\(node.pythonString)', which is different from the provided key '\(last)'. Use 'force=True' to overwrite.",
                        result: false)
                }
                node = [last: value]
            }
            value = node
        }
        let written = setValues([MessagePackPair(.text(key), value)], destructive: destructive, in: store)
        if written.mapValue == nil { return answer(written.stringValue ?? "", result: false) }
        return answer("", changes: written, result: true)
    }

    /// `grains.append`: adds to a list grain (every member of a list value), creating it if missing.
    static func append(
        _ value: MessagePackValue, to key: String, convert: Bool, delimiter: String, in store: GrainStore
    ) throws(ExecutionError) -> MessagePackValue {
        let grains = store.current
        var current = grains.traversed(by: try path(key, delimiter: delimiter)) ?? []
        if convert, current.arrayValue == nil { current = current.isNil ? [] : [current] }
        guard var list = current.arrayValue else { return .text("The key \(key) is not a valid list") }
        if list.contains(where: { equal($0, value) }) { return .text("The val \(value.pythonString) was already in the list \(key)") }
        list += value.arrayValue ?? [value]
        return try writeNested(.array(list), at: key, delimiter: delimiter, grains: grains, store: store, missingParent: [:])
    }

    /// `grains.remove`: takes the first equal member out of a list grain.
    static func remove(
        _ value: MessagePackValue, from key: String, delimiter: String, in store: GrainStore
    ) throws(ExecutionError) -> MessagePackValue {
        let grains = store.current
        guard var list = (grains.traversed(by: try path(key, delimiter: delimiter)) ?? []).arrayValue else {
            return .text("The key \(key) is not a valid list")
        }
        guard let index = list.firstIndex(where: { equal($0, value) }) else {
            return .text("The val \(value.pythonString) was not in the list \(key)")
        }
        list.remove(at: index)
        return try writeNested(.array(list), at: key, delimiter: delimiter, grains: grains, store: store, missingParent: .nil)
    }

    /// Puts a changed value back into its parent maps up to the top-level grain and writes that.
    /// A parent that is not a map is written back unchanged, as Salt does.
    private static func writeNested(
        _ value: MessagePackValue, at key: String, delimiter: String, grains: MessagePackValue, store: GrainStore,
        missingParent: MessagePackValue
    ) throws(ExecutionError) -> MessagePackValue {
        var value = value
        var key = key
        while case let (parent, last)? = split(key, delimiter: delimiter) {
            key = parent
            var node = grains.traversed(by: try path(parent, delimiter: delimiter)) ?? missingParent
            if node.mapValue != nil { node[last] = value }
            value = node
        }
        return setValues([MessagePackPair(.text(key), value)], destructive: false, in: store)
    }

    /// The key before and after its last delimiter, or nil when it has none.
    private static func split(_ key: String, delimiter: String) -> (String, String)? {
        guard let range = key.ranges(of: delimiter).last else { return nil }
        return (String(key[..<range.lowerBound]), String(key[range.upperBound...]))
    }

    /// Python's `==` on decoded values: numbers (and booleans) by value, maps regardless of order.
    static func equal(_ left: MessagePackValue, _ right: MessagePackValue) -> Bool {
        switch (left, right) {
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy(equal)
        case (.map(let a), .map(let b)):
            return a.count == b.count && a.allSatisfy { pair in b.contains { equal($0.key, pair.key) && equal($0.value, pair.value) } }
        default:
            if let a = left.bytesValue, let b = right.bytesValue { return a == b }
            if let a = left.pythonNumber, let b = right.pythonNumber { return a == b }
            return left == right
        }
    }
}

extension MessagePackValue {
    /// A list or a map: what `grains.set` will not overwrite without `force`.
    fileprivate var isContainer: Bool { arrayValue != nil || mapValue != nil }

    /// The value as Python compares numbers: booleans are 0 and 1.
    fileprivate var pythonNumber: Double? {
        if case .bool(let flag) = self { return flag ? 1 : 0 }
        return doubleValue
    }
}
