import MessagePack

/// A publication's `arg` list bound to a function's declared parameters, the way Python binds a call:
/// positional first, then keywords (carried in a trailing `{"__kwarg__": True, ...}` map).
public struct Arguments: Sendable {
    public private(set) var named: [String: MessagePackValue] = [:]
    /// Positional arguments beyond the declared parameters (`*args`).
    public private(set) var extraPositional: [MessagePackValue] = []
    /// Keyword arguments not declared (`**kwargs`), in the order given.
    public private(set) var extraKeywords: [MessagePackPair] = []

    init(binding raw: [MessagePackValue], to function: ExecutionFunction) throws(ExecutionError) {
        var positional: [MessagePackValue] = []
        var keywords: [MessagePackPair] = []
        for value in raw {
            if value["__kwarg__"]?.boolValue == true, let pairs = value.mapValue {
                keywords += pairs.filter { $0.key.stringValue != "__kwarg__" }
            } else {
                positional.append(value)
            }
        }
        let parameters = function.parameters
        if positional.count > parameters.count && !function.variadic {
            throw .invalidArguments(
                "\(function.name)() takes at most \(parameters.count) positional argument\(parameters.count == 1 ? "" : "s") (\(positional.count) given)")
        }
        for (index, value) in positional.enumerated() {
            if index < parameters.count {
                named[parameters[index].name] = value
            } else {
                extraPositional.append(value)
            }
        }
        for pair in keywords {
            guard let key = pair.key.stringValue else { continue }
            if parameters.contains(where: { $0.name == key }) {
                if named[key] != nil {
                    throw .invalidArguments("\(function.name)() got multiple values for argument '\(key)'")
                }
                named[key] = pair.value
            } else if function.extraKeywords {
                extraKeywords.append(pair)
            } else if !key.hasPrefix("__") {
                throw .invalidArguments("\(function.name)() got an unexpected keyword argument '\(key)'")
            }
        }
        for parameter in parameters where named[parameter.name] == nil {
            guard let fallback = parameter.defaultValue else {
                throw .invalidArguments("\(function.name)() missing required argument: '\(parameter.name)'")
            }
            named[parameter.name] = fallback
        }
    }

    public subscript(name: String) -> MessagePackValue {
        named[name] ?? .nil
    }

    /// A parameter as text; numbers are accepted and printed, as Python's `str()` would.
    public func string(_ name: String) throws(ExecutionError) -> String {
        let value = self[name]
        if let text = value.stringValue { return text }
        switch value {
        case .int(let number): return String(number)
        case .uint(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "True" : "False"
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
        if let number = value.doubleValue, number == number.rounded() { return Int(number) }
        throw .invalidArguments("argument '\(name)' must be an integer")
    }

    public func double(_ name: String) throws(ExecutionError) -> Double {
        let value = self[name]
        if let number = value.doubleValue { return number }
        if let text = value.stringValue, let number = Double(text) { return number }
        throw .invalidArguments("argument '\(name)' must be a number")
    }

    public func bool(_ name: String) throws(ExecutionError) -> Bool {
        let value = self[name]
        if let flag = value.boolValue { return flag }
        if let number = value.intValue { return number != 0 }
        switch value.stringValue?.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw .invalidArguments("argument '\(name)' must be true or false")
        }
    }
}
