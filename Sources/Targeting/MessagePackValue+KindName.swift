import MessagePack

extension MessagePackValue {
    /// What kind of value this is, for error messages about an expression of the wrong shape.
    var kindName: String {
        switch self {
        case .nil: return "nil"
        case .bool: return "a boolean"
        case .int, .uint: return "an integer"
        case .double, .float: return "a float"
        case .string: return "a string that is not UTF-8"
        case .binary: return "binary data"
        case .array: return "an array"
        case .map: return "a map"
        case .ext: return "an extension value"
        }
    }
}
