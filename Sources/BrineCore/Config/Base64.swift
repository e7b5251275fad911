/// Base64 for YAML's `!!binary`, as Python's `base64.encodebytes` writes it and Salt's loader reads it.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8: UInt32] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($0.element, UInt32($0.offset)) })

    /// Padded, in lines of 76 characters, each ending in a newline (none for no bytes).
    static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            let bits = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for index in 0..<4 {
                text.append(index <= chunk.count ? alphabet[Int(bits >> (18 - 6 * index) & 63)] : UInt8(ascii: "="))
            }
            if (start / 3 + 1) % 19 == 0 || start + 3 >= bytes.count { text.append(UInt8(ascii: "\n")) }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Characters outside the alphabet (line breaks, padding) are skipped, so unpadded data reads too,
    /// as Salt's loader allows; nil when the data ends one character into a group.
    static func decode(_ text: String) -> [UInt8]? {
        let sextets = text.utf8.compactMap { values[$0] }
        guard sextets.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sextets.count * 3 / 4)
        for start in stride(from: 0, to: sextets.count, by: 4) {
            let group = sextets[start..<min(start + 4, sextets.count)]
            let bits = group.enumerated().reduce(UInt32(0)) { $0 | $1.element << (18 - 6 * $1.offset) }
            for index in 0..<(group.count - 1) { bytes.append(UInt8(truncatingIfNeeded: bits >> (16 - 8 * index))) }
        }
        return bytes
    }
}
