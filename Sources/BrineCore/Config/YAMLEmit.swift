import MessagePack
import Yams

extension YAMLValue {
    /// YAML text for a value, in block style with text written as is (not escaped), as Salt's
    /// `safe_dump` writes files that both daemons read back: the minion's `grains` file.
    ///
    /// Text that YAML would read back as another type (`"yes"`, `"12"`, `"null"`) is quoted, so a
    /// round trip through `parse` keeps every value's type.
    public static func emit(_ value: MessagePackValue) throws -> String {
        try Yams.serialize(node: node(value), allowUnicode: true)
    }

    static func node(_ value: MessagePackValue) -> Node {
        switch value {
        case .nil:
            return Node("null", Tag(.null))
        case .bool(let flag):
            return .scalar(flag.represented())
        case .int(let number):
            return .scalar(number.represented())
        case .uint(let number):
            return .scalar(number.represented())
        case .double(let number):
            return .scalar(number.represented())
        case .float(let number):
            return .scalar(number.represented())
        case .string(let bytes), .binary(let bytes):
            return .scalar(String(decoding: bytes, as: UTF8.self).represented())
        case .array(let items):
            return Node(items.map(node), Tag(.seq), .block)
        case .map(let pairs):
            return Node(pairs.map { (node($0.key), node($0.value)) }, Tag(.map), .block)
        case .ext:
            // Salt's extension types (datetimes, constants) have no YAML form PyYAML would read back.
            return Node("null", Tag(.null))
        }
    }
}
