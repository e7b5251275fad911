extension RSAPublicKey {
    /// Salt's `clean_key()`: strip surrounding whitespace and rejoin the lines with `\n`.
    ///
    /// Salt compares keys in this form (the minion's pinned master key against the `pub_key` it
    /// receives, the master's stored minion key against `pub`), so comparisons of key text must
    /// go through it rather than compare raw file contents. Works on bytes and treats the ASCII
    /// separators Python's `splitlines()` knows (`\r\n`, `\r`, `\n`, `\v`, `\f`, `\x1c`–`\x1e`);
    /// key text never contains the non-ASCII ones.
    public static func cleanKey(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isASCIIWhitespace(bytes[start]) || isSeparator(bytes[start]) { start += 1 }
        while end > start, isASCIIWhitespace(bytes[end - 1]) || isSeparator(bytes[end - 1]) { end -= 1 }

        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            if isSeparator(byte) {
                out.append(UInt8(ascii: "\n"))
                // CRLF is one line break, not two.
                if byte == UInt8(ascii: "\r"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "\n") {
                    index += 1
                }
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        (0x0A...0x0D).contains(byte) || (0x1C...0x1E).contains(byte)
    }
}
