import MessagePack

extension MessagePackValue {
    /// Python's name for the type the value becomes in Salt, as its error messages print it.
    var kindName: String {
        switch self {
        case .nil: return "NoneType"
        case .bool: return "bool"
        case .int, .uint: return "int"
        case .double, .float: return "float"
        case .string: return stringValue == nil ? "bytes" : "str"
        case .binary: return "bytes"
        case .array: return "list"
        case .map: return "dict"
        case .ext: return "object"
        }
    }
}
