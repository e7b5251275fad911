import MessagePack
import PythonRules
import Targeting
import YAML

/// Expressions, evaluated with Python's and Jinja's rules for the types pillar data holds.
extension RenderState {
    static let saltFunctions: Set<String> = ["grains.get", "pillar.get"]
    /// The filters whose result can outgrow their input (by escaping or joining), checked by `bounded`.
    static let growingFilters: Set<String> = ["json", "tojson", "yaml", "join"]

    func evaluate(_ expression: Expression) throws(ExpressionError) -> RuntimeValue {
        switch expression {
        case .literal(let value):
            return .data(value)
        case .list(let items):
            var values: [MessagePackValue] = []
            for item in items { values.append(try data(try evaluate(item))) }
            return try bounded(.array(values))
        case .dictionary(let pairs):
            var values: [MessagePackPair] = []
            for pair in pairs { values.append(MessagePackPair(try data(try evaluate(pair.key)), try data(try evaluate(pair.value)))) }
            return try bounded(.map(values))
        case .name(let name):
            return lookup(name)
        case .attribute(let base, let name):
            return try attribute(name, of: try evaluate(base))
        case .index(let base, let index):
            return try item(try data(try evaluate(index)), of: try evaluate(base))
        case .call(let callee, let arguments):
            var values: [MessagePackValue] = []
            for argument in arguments { values.append(try data(try evaluate(argument))) }
            return try call(try evaluate(callee), values)
        case .filter(let base, let name, let arguments):
            var values: [MessagePackValue] = []
            for argument in arguments { values.append(try data(try evaluate(argument))) }
            let result = try filter(name, try evaluate(base), values)
            guard Self.growingFilters.contains(name), case .data(let value) = result else { return result }
            return try bounded(value)
        case .not(let operand):
            return .data(.bool(!(try truth(try evaluate(operand)))))
        case .and(let left, let right):
            let first = try evaluate(left)
            return try truth(first) ? try evaluate(right) : first
        case .or(let left, let right):
            let first = try evaluate(left)
            return try truth(first) ? first : try evaluate(right)
        case .compare(let left, let comparison, let right):
            return .data(.bool(try compare(try data(try evaluate(left)), comparison, try data(try evaluate(right)))))
        case .test(let operand, let name, let negated):
            return .data(.bool(try test(name, try evaluate(operand)) != negated))
        }
    }

    /// A value a list or dict literal or a growing filter built, refused once it outweighs the output
    /// bound: such values are the only ones that grow (`[x, x]`, `s|json` escaping again), so a few lines
    /// doubling one cannot take the master's memory without printing anything. The count stops at the
    /// bound, so checking costs no more than the bound.
    private func bounded(_ value: MessagePackValue) throws(ExpressionError) -> RuntimeValue {
        let limit = renderer.limits.maxOutputBytes
        var weight = 0
        var pending = [value]
        while let next = pending.popLast() {
            weight += 1
            switch next {
            case .string(let bytes), .binary(let bytes), .ext(_, let bytes): weight += bytes.count
            case .array(let items): pending += items
            case .map(let pairs): for pair in pairs { pending += [pair.key, pair.value] }
            case .nil, .bool, .int, .uint, .double, .float: break
            }
            guard weight <= limit else { throw ExpressionError("a value built here exceeds \(limit) bytes, the bound of one rendering") }
        }
        return .data(value)
    }

    /// The data a value holds; an undefined value or a function is an error here.
    func data(_ value: RuntimeValue) throws(ExpressionError) -> MessagePackValue {
        switch value {
        case .data(let data): return data
        case .undefined(let why): throw ExpressionError("Jinja variable \(why)")
        case .method(_, let name): throw ExpressionError("the method '\(name)' is used as a value; call it")
        case .salt: throw ExpressionError("'salt' is used as a value; call one of its functions")
        case .saltFunction(let name): throw ExpressionError("salt['\(name)'] is used as a value; call it")
        }
    }

    /// What `{{ value }}` writes: Python's `str()`.
    func printable(_ value: RuntimeValue) throws(ExpressionError) -> String {
        try data(value).pythonString
    }

    func truth(_ value: RuntimeValue) throws(ExpressionError) -> Bool {
        switch value {
        case .data(let data): return data.pythonTruth
        case .undefined(let why): throw ExpressionError("Jinja variable \(why)")
        case .method, .salt, .saltFunction: return true
        }
    }

    /// The items a `for` walks: a list's members, a dict's keys, a string's characters.
    func iterate(_ value: RuntimeValue) throws(ExpressionError) -> [MessagePackValue] {
        switch try data(value) {
        case .array(let items): return items
        case .map(let pairs): return pairs.map(\.key)
        case let text where text.stringValue != nil: return text.stringValue!.map { .text(String($0)) }
        case let other: throw ExpressionError("'\(other.kindName)' object is not iterable")
        }
    }

    private func attribute(_ name: String, of base: RuntimeValue) throws(ExpressionError) -> RuntimeValue {
        let value = try data(base)
        switch value {
        case .map(let pairs):
            if ["get", "items", "keys", "values"].contains(name) { return .method(value, name) }
            let isKey = pairs.contains { $0.key.stringValue == name }
            if !isKey, ["update", "pop", "setdefault", "copy", "popitem", "clear"].contains(name) { return .method(value, name) }
        case let text where text.stringValue != nil:
            // Every other name is a method of Python's str too; calling it says it is not supported.
            return .method(value, name)
        default:
            break
        }
        return try item(.text(name), of: base)
    }

    private func item(_ key: MessagePackValue, of base: RuntimeValue) throws(ExpressionError) -> RuntimeValue {
        if case .salt = base {
            guard let name = key.stringValue else { throw ExpressionError("salt[\(key.pythonRepr)] is not a function name") }
            guard Self.saltFunctions.contains(name) else {
                throw ExpressionError("salt['\(name)'] is not available in pillar templates (only grains.get and pillar.get)")
            }
            return .saltFunction(name)
        }
        let value = try data(base)
        switch value {
        case .map(let pairs):
            if let found = pairs.last(where: { Self.equal($0.key, key) }) { return .data(found.value) }
            return .undefined("'dict object' has no attribute \(key.pythonRepr)")
        case .array(let items):
            guard let index = key.intValue else { return .undefined("'list object' has no attribute \(key.pythonRepr)") }
            let position = index < 0 ? items.count + index : index
            guard items.indices.contains(position) else { return .undefined("list object has no element \(index)") }
            return .data(items[position])
        default:
            return .undefined("'\(value.kindName)' object has no attribute \(key.pythonRepr)")
        }
    }

    private func call(_ callee: RuntimeValue, _ arguments: [MessagePackValue]) throws(ExpressionError) -> RuntimeValue {
        switch callee {
        case .saltFunction(let name):
            guard (1...3).contains(arguments.count), let key = arguments[0].stringValue else {
                throw ExpressionError("salt['\(name)'] takes a key, then optionally a default and a delimiter")
            }
            let delimiter = arguments.count > 2 ? arguments[2].stringValue ?? ":" : ":"
            let source = name == "grains.get" ? renderer.context.grains : renderer.context.pillar
            let path = key.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
            return .data(source.traversed(by: path[...]) ?? (arguments.count > 1 ? arguments[1] : ""))
        case .method(let receiver, let name):
            return .data(try method(name, of: receiver, arguments))
        case .undefined(let why):
            throw ExpressionError("Jinja variable \(why)")
        case .data(let value):
            throw ExpressionError("'\(value.kindName)' object is not callable")
        case .salt:
            throw ExpressionError("'salt' is not callable")
        }
    }

    private func method(_ name: String, of receiver: MessagePackValue, _ arguments: [MessagePackValue]) throws(ExpressionError) -> MessagePackValue {
        switch (name, receiver) {
        case ("get", .map(let pairs)):
            guard (1...2).contains(arguments.count) else { throw ExpressionError("get() takes a key and optionally a default") }
            return pairs.last(where: { Self.equal($0.key, arguments[0]) })?.value ?? (arguments.count > 1 ? arguments[1] : .nil)
        case ("items", .map(let pairs)): return .array(pairs.map { [$0.key, $0.value] })
        case ("keys", .map(let pairs)): return .array(pairs.map(\.key))
        case ("values", .map(let pairs)): return .array(pairs.map(\.value))
        default:
            let text = receiver.stringValue ?? ""
            switch name {
            case "lower": return .text(text.lowercased())
            case "upper": return .text(text.uppercased())
            case "strip": return .text(String(Substring(text).drop(while: \.isWhitespace).trimmingSuffix(while: \.isWhitespace)))
            case "startswith": return .bool(text.hasPrefix(arguments.first?.stringValue ?? "\u{0}"))
            case "endswith": return .bool(text.hasSuffix(arguments.first?.stringValue ?? "\u{0}"))
            default: throw ExpressionError("the method '\(name)' is not supported")
            }
        }
    }

    private func test(_ name: String, _ value: RuntimeValue) throws(ExpressionError) -> Bool {
        if case .undefined = value { return name == "undefined" }
        switch name {
        case "defined": return true
        case "undefined": return false
        default: break
        }
        let value = try data(value)
        switch name {
        case "none": return value.isNil
        case "string": return value.stringValue != nil
        case "number": return value.doubleValue != nil
        case "mapping": return value.mapValue != nil
        default: return value.arrayValue != nil || value.mapValue != nil || value.stringValue != nil
        }
    }

    private func filter(_ name: String, _ value: RuntimeValue, _ arguments: [MessagePackValue]) throws(ExpressionError) -> RuntimeValue {
        switch name {
        case "default", "d":
            let fallback = arguments.first ?? ""
            if case .undefined = value { return .data(fallback) }
            if arguments.count > 1, arguments[1].pythonTruth, !(try truth(value)) { return .data(fallback) }
            return value
        case "lower": return .data(.text(try data(value).pythonString.lowercased()))
        case "upper": return .data(.text(try data(value).pythonString.uppercased()))
        case "join":
            let separator = arguments.first?.pythonString ?? ""
            return .data(.text(try iterate(value).map(\.pythonString).joined(separator: separator)))
        case "json", "tojson":
            return .data(.text(JSONText.encode(try data(value), indent: nil, sortKeys: true)))
        case "yaml":
            return .data(.text(try Self.flowYAML(try data(value))))
        case "length", "count":
            let value = try data(value)
            switch value {
            case .array(let items): return .data(.int(Int64(items.count)))
            case .map(let pairs): return .data(.int(Int64(pairs.count)))
            default:
                guard let text = value.stringValue else { throw ExpressionError("object of type '\(value.kindName)' has no len()") }
                return .data(.int(Int64(text.count)))
            }
        default:
            throw ExpressionError("the filter '\(name)' is not supported")
        }
    }

    /// The `yaml` filter: flow style on one line, keys sorted, as Salt's `yaml` filter writes
    /// (`{a: 1, b: [x, y]}`).
    static func flowYAML(_ value: MessagePackValue) throws(ExpressionError) -> String {
        switch value {
        case .array(let items):
            var parts: [String] = []
            for item in items { parts.append(try flowYAML(item)) }
            return "[" + parts.joined(separator: ", ") + "]"
        case .map(let pairs):
            var parts: [String] = []
            for pair in PythonText.sortedLikePython(pairs) { parts.append(try flowYAML(pair.key) + ": " + (try flowYAML(pair.value))) }
            return "{" + parts.joined(separator: ", ") + "}"
        default:
            do {
                var text = Substring(try YAMLValue.emit(value)).trimmingSuffix(while: \.isWhitespace)
                if text.hasSuffix("\n...") { text = text.dropLast(4) }
                return String(text)
            } catch {
                throw ExpressionError("the yaml filter cannot write \(value.pythonRepr): \(error)")
            }
        }
    }

    /// Python's `==` for the types YAML gives: numbers compare by value whatever their kind.
    static func equal(_ left: MessagePackValue, _ right: MessagePackValue) -> Bool {
        if left.intValue != nil || left.doubleValue != nil, right.doubleValue != nil, left.boolValue == nil, right.boolValue == nil {
            return left.doubleValue == right.doubleValue
        }
        switch (left, right) {
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && a.allSatisfy { pair in b.contains { equal($0.key, pair.key) && equal($0.value, pair.value) } }
        default:
            if let a = left.stringValue, let b = right.stringValue { return a == b }
            return left == right
        }
    }

    private func compare(_ left: MessagePackValue, _ comparison: ComparisonOperator, _ right: MessagePackValue) throws(ExpressionError) -> Bool {
        switch comparison {
        case .equal: return Self.equal(left, right)
        case .notEqual: return !Self.equal(left, right)
        case .contained, .notContained:
            let found: Bool
            switch right {
            case .array(let items): found = items.contains { Self.equal($0, left) }
            case .map(let pairs): found = pairs.contains { Self.equal($0.key, left) }
            default:
                guard let haystack = right.stringValue, let needle = left.stringValue else {
                    throw ExpressionError("'in <\(right.kindName)>' requires a string as the left operand, not \(left.kindName)")
                }
                found = needle.isEmpty || haystack.contains(needle)
            }
            return found == (comparison == .contained)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order: Int
            if let a = left.doubleValue, let b = right.doubleValue {
                order = a < b ? -1 : a > b ? 1 : 0
            } else if let a = left.stringValue, let b = right.stringValue {
                order = a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : a == b ? 0 : 1
            } else {
                throw ExpressionError("'\(comparison.rawValue)' not supported between instances of '\(left.kindName)' and '\(right.kindName)'")
            }
            switch comparison {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }
}
