/// Standard base64 (RFC 4648 alphabet, `=` padding) as Python's `base64` module writes and reads it.
///
/// Salt moves Crypticle keys and signatures as base64, where a garbled key must fail rather than
/// decode to other bytes (`decode`), and PyYAML writes `!!binary` with `encodebytes` and reads it
/// with `decodebytes`, which skips what it does not know (`encodeLines`, `decodeLeniently`).
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0...63 for alphabet bytes, `skipped` for the ASCII whitespace strict decoding allows,
    /// `invalid` for everything else.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        for byte in " \t\n\r".utf8 { table[Int(byte)] = skipped }
        return table
    }()
    private static let skipped: UInt8 = 0xFE
    private static let invalid: UInt8 = 0xFF
    private static let pad = UInt8(ascii: "=")

    /// `b64encode`: padded, on one line.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count + 2) / 3 * 4)
        var start = 0
        while start < bytes.count {
            let count = min(3, bytes.count - start)
            var group = UInt32(bytes[start]) << 16
            if count > 1 { group |= UInt32(bytes[start + 1]) << 8 }
            if count > 2 { group |= UInt32(bytes[start + 2]) }
            for index in 0..<4 {
                text.append(index <= count ? alphabet[Int(group >> (18 - 6 * UInt32(index)) & 0x3F)] : pad)
            }
            start += 3
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `encodebytes`: padded, in lines of 76 characters each ending in a newline; empty for no bytes.
    public static func encodeLines(_ bytes: [UInt8]) -> String {
        let bytesPerLine = 57
        return stride(from: 0, to: bytes.count, by: bytesPerLine).map { start in
            encode(Array(bytes[start..<min(start + bytesPerLine, bytes.count)])) + "\n"
        }.joined()
    }

    /// Strict decoding, `a2b_base64(strict_mode=True)` once ASCII whitespace is dropped (keys come
    /// line-wrapped): any other character outside the alphabet, missing padding, or data after the
    /// padding is nil. Unused trailing bits are ignored, as Python ignores them.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(Array(text.utf8), strict: true)
    }

    /// `decodebytes`: characters outside the alphabet are skipped and decoding stops at the padding
    /// that completes a group; nil only when the data ends inside a group.
    public static func decodeLeniently(_ text: String) -> [UInt8]? {
        decode(Array(text.utf8), strict: false)
    }

    private static func decode(_ text: [UInt8], strict: Bool) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.count / 4 * 3)
        // Sextets read in the current group, and the bits of it not yet written out.
        var position = 0
        var carry: UInt8 = 0
        var pads = 0
        var paddingStarted = false
        for (index, byte) in text.enumerated() {
            if byte == pad {
                paddingStarted = true
                guard position >= 2 else { continue }
                pads += 1
                if position + pads >= 4 {
                    if strict && !text[(index + 1)...].allSatisfy({ values[Int($0)] == skipped }) { return nil }
                    return output
                }
                continue
            }
            let value = values[Int(byte)]
            if value >= 64 {
                if strict && value == invalid { return nil }
                continue
            }
            if strict && paddingStarted { return nil }
            pads = 0
            switch position {
            case 0:
                carry = value
            case 1:
                output.append(carry << 2 | value >> 4)
                carry = value & 0x0F
            case 2:
                output.append(carry << 4 | value >> 2)
                carry = value & 0x03
            default:
                output.append(carry << 6 | value)
            }
            position = (position + 1) % 4
        }
        return position == 0 ? output : nil
    }
}
