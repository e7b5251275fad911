/// Standard base64 (RFC 4648 alphabet, `=` padding), as Python's `base64.b64encode`/`b64decode`.
///
/// Salt moves Crypticle keys as base64 text and `pub_sig`/`pem` bodies are base64; a small local
/// codec keeps the minion free of Foundation.
public enum Base64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Reverse table: 0...63 for alphabet bytes, 0xFE for ignorable whitespace, 0xFF for invalid.
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        for byte in [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")] {
            table[Int(byte)] = 0xFE
        }
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        let outputCount = (bytes.count + 2) / 3 * 4
        let ascii = [UInt8](unsafeUninitializedCapacity: outputCount) { out, count in
            var o = 0
            var i = 0
            while i + 3 <= bytes.count {
                let value = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                out[o] = alphabet[Int(value >> 18 & 0x3F)]
                out[o + 1] = alphabet[Int(value >> 12 & 0x3F)]
                out[o + 2] = alphabet[Int(value >> 6 & 0x3F)]
                out[o + 3] = alphabet[Int(value & 0x3F)]
                i += 3
                o += 4
            }
            let rest = bytes.count - i
            if rest > 0 {
                var value = UInt32(bytes[i]) << 16
                if rest == 2 { value |= UInt32(bytes[i + 1]) << 8 }
                out[o] = alphabet[Int(value >> 18 & 0x3F)]
                out[o + 1] = alphabet[Int(value >> 12 & 0x3F)]
                out[o + 2] = rest == 2 ? alphabet[Int(value >> 6 & 0x3F)] : UInt8(ascii: "=")
                out[o + 3] = UInt8(ascii: "=")
                o += 4
            }
            count = o
        }
        return String(decoding: ascii, as: UTF8.self)
    }

    /// Decodes padded base64, skipping ASCII whitespace (PEM bodies are line-wrapped).
    ///
    /// Returns nil for any other non-alphabet character and for missing or misplaced padding,
    /// where Python would silently drop the character: a garbled key must fail, not decode to
    /// different bytes. Unused trailing bits are ignored, as Python does.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count / 4 * 3)
        var quantum: UInt32 = 0
        var filled = 0
        var padding = 0
        for byte in text.utf8 {
            let value = reverse[Int(byte)]
            if value == 0xFE { continue }
            if byte == UInt8(ascii: "=") {
                // Padding may only complete the third and fourth position of the final quantum.
                guard filled >= 2, filled + padding < 4 else { return nil }
                padding += 1
                continue
            }
            guard value != 0xFF, padding == 0 else { return nil }
            quantum = quantum << 6 | UInt32(value)
            filled += 1
            if filled == 4 {
                output.append(UInt8(truncatingIfNeeded: quantum >> 16))
                output.append(UInt8(truncatingIfNeeded: quantum >> 8))
                output.append(UInt8(truncatingIfNeeded: quantum))
                quantum = 0
                filled = 0
            }
        }
        switch (filled, padding) {
        case (0, 0):
            break
        case (2, 2):
            output.append(UInt8(truncatingIfNeeded: quantum >> 4))
        case (3, 1):
            output.append(UInt8(truncatingIfNeeded: quantum >> 10))
            output.append(UInt8(truncatingIfNeeded: quantum >> 2))
        default:
            return nil
        }
        return output
    }
}
