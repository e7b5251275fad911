/// A statement parameter. Bytes go in binary format (no escaping, no hex doubling); the rest as text,
/// which the server converts to the column's type.
public enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case bytes([UInt8])
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// A `text[]` or `int8[]`, for one statement over many rows (`unnest($1::text[], $2::int8[])`).
    case textArray([String])
    case intArray([Int])
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension PostgresValue {
    public init(_ text: String?) { self = text.map(PostgresValue.text) ?? .null }
    public init(_ bytes: [UInt8]?) { self = bytes.map(PostgresValue.bytes) ?? .null }

    /// The bytes libpq sends, and whether they are in binary format; nil for NULL.
    var wire: (bytes: [UInt8], binary: Bool)? {
        switch self {
        case .null: return nil
        case .text(let text): return (Array(text.utf8), false)
        case .bytes(let bytes): return (bytes, true)
        case .int(let int): return (Array(String(int).utf8), false)
        case .double(let double): return (Array(String(double).utf8), false)
        case .bool(let bool): return (bool ? [0x74] : [0x66], false)
        case .textArray(let texts): return (Array(("{" + texts.map(Self.quotedElement).joined(separator: ",") + "}").utf8), false)
        case .intArray(let ints): return (Array(("{" + ints.map(String.init).joined(separator: ",") + "}").utf8), false)
        }
    }

    /// An array element in PostgreSQL's text form: quoted, with `"` and `\` escaped.
    static func quotedElement(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}
