/// Typed views of a value. Each returns nil when the value is of another kind, so callers decide
/// whether a missing or mistyped field is an error (most protocol code treats it as "bad load").
extension MessagePackValue {
    /// Text made from a Swift string (packed as msgpack `str`, as Salt does).
    public static func text(_ string: String) -> MessagePackValue {
        .string(Array(string.utf8))
    }

    /// A map from ordered pairs of text keys.
    public static func dictionary(_ pairs: KeyValuePairs<String, MessagePackValue>) -> MessagePackValue {
        .map(pairs.map { MessagePackPair(.text($0.key), $0.value) })
    }

    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    /// The value as text, when it is a `str` or `bin` holding valid UTF-8.
    public var stringValue: String? {
        switch self {
        case .string(let bytes), .binary(let bytes):
            return String(validating: bytes, as: UTF8.self)
        default:
            return nil
        }
    }

    /// The raw bytes of a `str` or `bin`.
    public var bytesValue: [UInt8]? {
        switch self {
        case .string(let bytes), .binary(let bytes): return bytes
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Any integer that fits `Int`.
    public var intValue: Int? {
        switch self {
        case .int(let value): return Int(exactly: value)
        case .uint(let value): return Int(exactly: value)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .float(let value): return Double(value)
        case .int(let value): return Double(value)
        case .uint(let value): return Double(value)
        default: return nil
        }
    }

    public var arrayValue: [MessagePackValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    public var mapValue: [MessagePackPair]? {
        if case .map(let pairs) = self { return pairs }
        return nil
    }

    /// The value under a text key of a map; the first one wins if a key repeats.
    public subscript(key: String) -> MessagePackValue? {
        get {
            guard case .map(let pairs) = self else { return nil }
            let wanted = Array(key.utf8)
            return pairs.first { $0.key.bytesValue == wanted }?.value
        }
        set {
            guard case .map(var pairs) = self else { return }
            let wanted = Array(key.utf8)
            let index = pairs.firstIndex { $0.key.bytesValue == wanted }
            switch (index, newValue) {
            case (let index?, let value?): pairs[index].value = value
            case (let index?, nil): pairs.remove(at: index)
            case (nil, let value?): pairs.append(MessagePackPair(.text(key), value))
            case (nil, nil): break
            }
            self = .map(pairs)
        }
    }

    /// Text of a string field of a map, or nil.
    public func string(_ key: String) -> String? {
        self[key]?.stringValue
    }
}

extension MessagePackValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension MessagePackValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension MessagePackValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension MessagePackValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension MessagePackValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: MessagePackValue...) { self = .array(elements) }
}

extension MessagePackValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, MessagePackValue)...) {
        self = .map(elements.map { MessagePackPair(.text($0.0), $0.1) })
    }
}
