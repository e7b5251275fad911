extension RSAPublicKey {
    /// The key fingerprint Salt compares against `master_finger` (hash_type sha256): SHA-256 of
    /// the base64 body lines of the PEM file, each with its `\n`, headers excluded, printed as
    /// colon-separated lowercase hex pairs.
    ///
    /// Computed over this key's canonical PEM, so it equals Salt's value for any key file that
    /// OpenSSL or Python `cryptography` wrote (64-column base64). This is the header-stripped
    /// variant (Salt's `pem_finger(path=...)`), which salt-key prints before 3008 and again after
    /// the fix for saltstack/salt#69970; see `rawTextFingerprint` for 3008.5's `salt-key -f`.
    public func fingerprint() -> String {
        Self.fingerprint(pemFileContents: Array(pem.utf8))
    }

    /// `pem_finger(path=...)` over arbitrary key-file bytes: drop blank lines, drop the first
    /// and last remaining line (the PEM armour), join the rest with their newlines, normalise
    /// `\r\n` to `\n`, hash. Useful to fingerprint a file exactly as it sits on disk.
    public static func fingerprint(pemFileContents contents: [UInt8]) -> String {
        var lines: [ArraySlice<UInt8>] = []
        var start = contents.startIndex
        for index in contents.indices where contents[index] == UInt8(ascii: "\n") {
            lines.append(contents[start...index])
            start = index + 1
        }
        if start < contents.endIndex { lines.append(contents[start...]) }
        let kept = lines.filter { line in line.contains { !isASCIIWhitespace($0) } }

        var body: [UInt8] = []
        if kept.count > 2 {
            for line in kept[1..<(kept.count - 1)] { body.append(contentsOf: line) }
        }
        return colonHex(Digest.sha256(removingCarriageReturns(body)))
    }

    /// `pem_finger(key=...)`: SHA-256 of the text as is, armour included. Salt 3008.5's
    /// `salt-key -f/-F` takes this path with the key file's full contents (accepted minion keys
    /// are stored in `cleanPEM` form, the master's own `.pub` with a trailing newline), so its
    /// output differs from `fingerprint()` (saltstack/salt#69970).
    public static func rawTextFingerprint(_ text: [UInt8]) -> String {
        colonHex(Digest.sha256(text))
    }

    /// `ab:cd:...`, the way Salt prints fingerprints.
    static func colonHex(_ digest: [UInt8]) -> String {
        let hex = Array(Digest.hex(digest).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(hex.count / 2 * 3)
        for index in stride(from: 0, to: hex.count, by: 2) {
            if index > 0 { out.append(UInt8(ascii: ":")) }
            out.append(hex[index])
            out.append(hex[index + 1])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Python's `bytes.strip()` whitespace set.
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func removingCarriageReturns(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                index += 1
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }
}
