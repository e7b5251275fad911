public import MessagePack
import PythonRules
import SaltWire

/// A publication's `arg` list bound to a function's declared parameters, the way Salt and Python bind
/// a call: positional first, then keywords (carried in a trailing `{"__kwarg__": True, ...}` map).
/// Failures carry the text Salt's minion returns for the same mistake.
public struct Arguments: Sendable {
    public private(set) var named: [String: MessagePackValue] = [:]
    /// Positional arguments beyond the declared parameters (`*args`).
    public private(set) var extraPositional: [MessagePackValue] = []
    /// Keyword arguments not declared (`**kwargs`), in the order given; Salt adds the job's
    /// publication to these as `__pub_<key>`.
    public private(set) var extraKeywords: [MessagePackPair] = []

    init(binding raw: [MessagePackValue], to function: ExecutionFunction, publication: MessagePackValue = .nil) throws(ExecutionError) {
        let call = CallArguments(raw)
        let positional = call.positional
        let keywords = call.keywords
        // Salt rejects stray keywords before the call (`load_args_and_kwargs`), naming every one;
        // Python's own checks (too many, duplicated, missing) come after, in that order.
        var invalid: [String] = []
        for pair in keywords {
            guard let key = pair.key.stringValue else { continue }
            if !function.parameters.contains(where: { $0.name == key }) && !function.extraKeywords && !key.hasPrefix("__") {
                invalid.append("\(key)=\(pair.value.pythonString)")
            }
        }
        if !invalid.isEmpty {
            throw .invocation("The following keyword arguments are not valid: \(invalid.joined(separator: ", "))")
        }
        let slots = function.positionalParameters
        if positional.count > slots.count && !function.variadic {
            throw .invalidArguments(Self.tooMany(function, given: positional.count))
        }
        for (index, value) in positional.enumerated() {
            if index < slots.count {
                named[slots[index].name] = value
            } else {
                extraPositional.append(value)
            }
        }
        for pair in keywords {
            guard let key = pair.key.stringValue else { continue }
            if function.parameters.contains(where: { $0.name == key }) {
                if named[key] != nil {
                    throw .invalidArguments("\(function.pythonName)() got multiple values for argument '\(key)'")
                }
                named[key] = pair.value
            } else if function.extraKeywords {
                extraKeywords.append(pair)
            }
        }
        let missing = slots.filter { named[$0.name] == nil && $0.defaultValue == nil }.map(\.name)
        if !missing.isEmpty {
            throw .invalidArguments(Self.missing(function, missing))
        }
        for parameter in function.parameters {
            guard let value = named[parameter.name] else {
                named[parameter.name] = parameter.defaultValue ?? .nil
                continue
            }
            if !value.isNil && !parameter.kind.accepts(value) {
                throw .invalidArguments("argument '\(parameter.name)' must be \(parameter.kind.article), not \(value.pythonRepr)")
            }
        }
        if function.extraKeywords {
            for pair in publication.mapValue ?? [] {
                guard let key = pair.key.stringValue else { continue }
                extraKeywords.append(MessagePackPair(.text("__pub_" + key), pair.value))
            }
        }
    }

    /// Python's wording: "takes 1 positional argument but 2 were given", "takes from 1 to 3 ...".
    private static func tooMany(_ function: ExecutionFunction, given: Int) -> String {
        let slots = function.positionalParameters
        let required = slots.filter { $0.defaultValue == nil }.count
        let range = required == slots.count ? "\(slots.count)" : "from \(required) to \(slots.count)"
        let noun = required == slots.count && slots.count == 1 ? "argument" : "arguments"
        return "\(function.pythonName)() takes \(range) positional \(noun) but \(given) \(given == 1 ? "was" : "were") given"
    }

    /// Python's wording: "missing 1 required positional argument: 'a'", "...: 'a' and 'b'", "'a', 'b', and 'c'".
    private static func missing(_ function: ExecutionFunction, _ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        let list: String
        switch quoted.count {
        case 1: list = quoted[0]
        case 2: list = quoted.joined(separator: " and ")
        default: list = quoted.dropLast().joined(separator: ", ") + ", and " + quoted[quoted.count - 1]
        }
        let noun = names.count == 1 ? "argument" : "arguments"
        return "\(function.pythonName)() missing \(names.count) required positional \(noun): \(list)"
    }

    public subscript(name: String) -> MessagePackValue {
        named[name] ?? .nil
    }

    /// A parameter as text; numbers are accepted and printed, as Python's `str()` would.
    public func string(_ name: String) throws(ExecutionError) -> String {
        let value = self[name]
        switch value {
        case .string, .binary, .int, .uint, .double, .float, .bool: return value.pythonString
        default: throw .invalidArguments("argument '\(name)' must be a string")
        }
    }

    public func optionalString(_ name: String) throws(ExecutionError) -> String? {
        self[name].isNil ? nil : try string(name)
    }

    public func int(_ name: String) throws(ExecutionError) -> Int {
        let value = self[name]
        if let number = value.intValue { return number }
        if let text = value.stringValue, let number = Int(text) { return number }
        if let number = value.doubleValue, number == number.rounded(), abs(number) < 9e18 { return Int(number) }
        throw .invalidArguments("argument '\(name)' must be an integer")
    }

    public func optionalInt(_ name: String) throws(ExecutionError) -> Int? {
        self[name].isNil ? nil : try int(name)
    }

    public func double(_ name: String) throws(ExecutionError) -> Double {
        let value = self[name]
        if let number = value.doubleValue { return number }
        if let text = value.stringValue, let number = Double(text) { return number }
        throw .invalidArguments("argument '\(name)' must be a number")
    }

    /// A flag, read the way Salt's `is_true` reads one: `None` and absent are false.
    public func bool(_ name: String) throws(ExecutionError) -> Bool {
        let value = self[name]
        if value.isNil { return false }
        if let flag = value.boolValue { return flag }
        if let number = value.intValue { return number != 0 }
        switch value.stringValue?.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0", "": return false
        default: throw .invalidArguments("argument '\(name)' must be true or false")
        }
    }

    /// A list given as a list or as Salt's comma-separated text (`split_input`); nil when absent.
    public func stringList(_ name: String) throws(ExecutionError) -> [String]? {
        let value = self[name]
        if value.isNil { return nil }
        if let items = value.arrayValue { return items.map(\.pythonString) }
        return try string(name).split(separator: ",").map { String($0).trimmed() }
    }
}

extension StringProtocol {
    /// Python's `strip()`: whitespace off both ends.
    func trimmed() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// Python's `str.split()` with no separator: runs of whitespace split, ends are dropped.
    func fields() -> [String] {
        Substring(self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }
}
