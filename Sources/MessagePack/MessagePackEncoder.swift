/// Packs values the way Salt's wire does: integers in their smallest form, `str` for text.
public enum MessagePack {
    /// The msgpack encoding of `value`.
    public static func encode(_ value: MessagePackValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        append(value, to: &out)
        return out
    }

    /// Appends the encoding of `value` to `out`, for callers that build one buffer from many values.
    public static func append(_ value: MessagePackValue, to out: inout [UInt8]) {
        switch value {
        case .nil:
            out.append(0xc0)
        case .bool(let flag):
            out.append(flag ? 0xc3 : 0xc2)
        case .int(let number):
            if number >= 0 {
                appendUnsigned(UInt64(number), to: &out)
            } else {
                appendNegative(number, to: &out)
            }
        case .uint(let number):
            appendUnsigned(number, to: &out)
        case .double(let number):
            out.append(0xcb)
            appendBigEndian(number.bitPattern, to: &out)
        case .float(let number):
            out.append(0xca)
            appendBigEndian(number.bitPattern, to: &out)
        case .string(let bytes):
            // `use_bin_type=False` keeps msgpack's old raw spec, which has no str8 (0xd9):
            // Python packs 32...65535 bytes as str16, and so must we to be byte-identical.
            appendHeader(bytes.count, fix: 0xa0, fixLimit: 32, codes: (nil, 0xda, 0xdb), to: &out)
            out.append(contentsOf: bytes)
        case .binary(let bytes):
            appendHeader(bytes.count, fix: nil, fixLimit: 0, codes: (0xc4, 0xc5, 0xc6), to: &out)
            out.append(contentsOf: bytes)
        case .array(let values):
            appendCollectionHeader(values.count, fix: 0x90, codes: (0xdc, 0xdd), to: &out)
            for element in values { append(element, to: &out) }
        case .map(let pairs):
            appendCollectionHeader(pairs.count, fix: 0x80, codes: (0xde, 0xdf), to: &out)
            for pair in pairs {
                append(pair.key, to: &out)
                append(pair.value, to: &out)
            }
        case .ext(let type, let bytes):
            appendExt(type: type, bytes, to: &out)
        }
    }

    private static func appendUnsigned(_ number: UInt64, to out: inout [UInt8]) {
        switch number {
        case 0..<0x80:
            out.append(UInt8(number))
        case 0x80...0xff:
            out.append(0xcc)
            out.append(UInt8(number))
        case 0x100...0xffff:
            out.append(0xcd)
            appendBigEndian(UInt16(number), to: &out)
        case 0x1_0000...0xffff_ffff:
            out.append(0xce)
            appendBigEndian(UInt32(number), to: &out)
        default:
            out.append(0xcf)
            appendBigEndian(number, to: &out)
        }
    }

    private static func appendNegative(_ number: Int64, to out: inout [UInt8]) {
        switch number {
        case -32 ..< 0:
            out.append(UInt8(bitPattern: Int8(number)))
        case -128 ..< -32:
            out.append(0xd0)
            out.append(UInt8(bitPattern: Int8(number)))
        case -32768 ..< -128:
            out.append(0xd1)
            appendBigEndian(UInt16(bitPattern: Int16(number)), to: &out)
        case -2_147_483_648 ..< -32768:
            out.append(0xd2)
            appendBigEndian(UInt32(bitPattern: Int32(number)), to: &out)
        default:
            out.append(0xd3)
            appendBigEndian(UInt64(bitPattern: number), to: &out)
        }
    }

    private static func appendHeader(
        _ count: Int, fix: UInt8?, fixLimit: Int, codes: (UInt8?, UInt8, UInt8), to out: inout [UInt8]
    ) {
        if let fix, count < fixLimit {
            out.append(fix | UInt8(count))
        } else if let code8 = codes.0, count <= 0xff {
            out.append(code8)
            out.append(UInt8(count))
        } else if count <= 0xffff {
            out.append(codes.1)
            appendBigEndian(UInt16(count), to: &out)
        } else {
            out.append(codes.2)
            appendBigEndian(UInt32(truncatingIfNeeded: count), to: &out)
        }
    }

    private static func appendCollectionHeader(
        _ count: Int, fix: UInt8, codes: (UInt8, UInt8), to out: inout [UInt8]
    ) {
        if count < 16 {
            out.append(fix | UInt8(count))
        } else if count <= 0xffff {
            out.append(codes.0)
            appendBigEndian(UInt16(count), to: &out)
        } else {
            out.append(codes.1)
            appendBigEndian(UInt32(truncatingIfNeeded: count), to: &out)
        }
    }

    private static func appendExt(type: Int8, _ bytes: [UInt8], to out: inout [UInt8]) {
        let fixed: [Int: UInt8] = [1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8]
        if let code = fixed[bytes.count] {
            out.append(code)
        } else {
            appendHeader(bytes.count, fix: nil, fixLimit: 0, codes: (0xc7, 0xc8, 0xc9), to: &out)
        }
        out.append(UInt8(bitPattern: type))
        out.append(contentsOf: bytes)
    }

    private static func appendBigEndian<T: FixedWidthInteger>(_ number: T, to out: inout [UInt8]) {
        var bigEndian = number.bigEndian
        withUnsafeBytes(of: &bigEndian) { out.append(contentsOf: $0) }
    }
}
