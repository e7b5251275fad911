public import MessagePack

/// A value as Salt's Python sees it once `salt.payload.loads` has read it, and as `str()` and
/// `repr()` then print it: what grain and pillar patterns are compared with, what the outputters
/// show, what error messages quote.
///
/// Salt's loader turns every msgpack string, `str` or `bin`, into text when it is UTF-8 and leaves
/// it as bytes otherwise (shown `b'\xff'`); ext 78 becomes a `datetime`, ext 79 one of Salt's
/// constants, and any other ext its data, read as a string.
extension MessagePackValue {
    /// Python's `str()`: text as is, everything else as `repr()` shows it.
    public var pythonString: String {
        if let text = pythonText { return text }
        if case .ext(PythonDateTime.extType, let data) = self, let date = PythonDateTime(saltText: data) {
            return date.description
        }
        return pythonRepr
    }

    /// Python's `repr()`; containers show their members this way.
    public var pythonRepr: String {
        switch self {
        case .nil: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .double(let value): return PythonRepr.float(value)
        case .float(let value): return PythonRepr.float(Double(value))
        case .string(let bytes), .binary(let bytes):
            return String(validating: bytes, as: UTF8.self).map(PythonRepr.string) ?? PythonRepr.bytes(bytes)
        case .array(let items): return "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .map(let pairs):
            return "{" + pairs.map { $0.key.pythonRepr + ": " + $0.value.pythonRepr }.joined(separator: ", ") + "}"
        case .ext(let code, let data):
            if code == PythonDateTime.extType, let date = PythonDateTime(saltText: data) { return date.pythonRepr }
            if let constant = Self.constant(code, data) { return constant }
            return MessagePackValue.string(data).pythonRepr
        }
    }

    /// The text this value is to Salt when its loader makes a `str` of it; nil for anything else
    /// (bytes that are not UTF-8, numbers, containers, datetimes, constants).
    public var pythonText: String? {
        switch self {
        case .string(let bytes), .binary(let bytes):
            return String(validating: bytes, as: UTF8.self)
        case .ext(let code, let data):
            if code == PythonDateTime.extType, PythonDateTime(saltText: data) != nil { return nil }
            if Self.constant(code, data) != nil { return nil }
            return String(validating: data, as: UTF8.self)
        default:
            return nil
        }
    }

    /// Python's truth value: empty, zero and None are false.
    public var pythonTruth: Bool {
        switch self {
        case .nil: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .uint(let value): return value != 0
        case .double(let value): return value != 0
        case .float(let value): return value != 0
        case .string(let bytes), .binary(let bytes): return !bytes.isEmpty
        case .array(let items): return !items.isEmpty
        case .map(let pairs): return !pairs.isEmpty
        case .ext(let code, let data):
            return code == PythonDateTime.extType && PythonDateTime(saltText: data) != nil
                || Self.constant(code, data) != nil || !data.isEmpty
        }
    }

    /// One of Salt's constants (ext 79, holding the msgpack pair of name and value), as its class
    /// prints itself: `<Constant.NOT_SET>`, or with the value's `str()` when it is true.
    private static func constant(_ code: Int8, _ data: [UInt8]) -> String? {
        guard code == 79, let pair = try? MessagePack.decode(data), let items = pair.arrayValue, items.count == 2,
              let name = items[0].pythonText, case .string = items[0]
        else { return nil }
        let value = items[1]
        return value.pythonTruth ? "<Constant.\(name) value=\(value.pythonString)>" : "<Constant.\(name)>"
    }
}
