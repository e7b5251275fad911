/// A statement parameter. Bytes go in binary format (no escaping, no hex doubling); the rest as text,
/// which the server converts to the column's type. Arrays (in PostgreSQL's text form) let one statement
/// carry many rows: `INSERT ... SELECT * FROM unnest($1::text[], $2::bytea[], ...)`.
public enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case bytes([UInt8])
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// `text[]`; nil elements are NULL.
    case textArray([String?])
    case bytesArray([[UInt8]])
    case intArray([Int])
    case doubleArray([Double])
    case boolArray([Bool])
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
        case .textArray(let texts): return (Self.array(texts) { $0.quoted($1) }, false)
        case .bytesArray(let blobs): return (Self.array(blobs) { $0.hex($1) }, false)
        case .intArray(let ints): return (Self.array(ints) { $0 += String($1).utf8 }, false)
        case .doubleArray(let doubles): return (Self.array(doubles) { $0 += String($1).utf8 }, false)
        case .boolArray(let bools): return (Self.array(bools) { $0.append($1 ? 0x74 : 0x66) }, false)
        }
    }

    /// `{a,b,...}`, each element written by `element`.
    private static func array<T>(_ elements: [T], _ element: (inout [UInt8], T) -> Void) -> [UInt8] {
        var text: [UInt8] = [UInt8(ascii: "{")]
        text.reserveCapacity(elements.count * 8 + 2)
        for (index, value) in elements.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            element(&text, value)
        }
        text.append(UInt8(ascii: "}"))
        return text
    }
}

extension [UInt8] {
    /// An array element in PostgreSQL's text form: quoted, `"` and `\` escaped; nil is NULL.
    mutating func quoted(_ text: String?) {
        guard let text else {
            self += "NULL".utf8
            return
        }
        append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { append(UInt8(ascii: "\\")) }
            append(byte)
        }
        append(UInt8(ascii: "\""))
    }

    /// A `bytea` array element: `"\\x` and hex digits (the quoted form of `\x...`).
    mutating func hex(_ bytes: [UInt8]) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        self += [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")]
        reserveCapacity(count + bytes.count * 2 + 1)
        for byte in bytes {
            append(digits[Int(byte >> 4)])
            append(digits[Int(byte & 0x0f)])
        }
        append(UInt8(ascii: "\""))
    }
}
