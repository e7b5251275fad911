/// One-shot hashes used around the protocol: SHA-256 hex of the AES key string in the auth `sig`,
/// SHA-1 of minion ids for zmq topic filtering, and key fingerprints.
public enum Digest {
    public static func sha1(_ data: [UInt8]) -> [UInt8] {
        DigestAlgorithm.sha1.hash(data)
    }

    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        DigestAlgorithm.sha256.hash(data)
    }

    /// Lowercase, no separators: the form of Python's `hexdigest()`, which Salt signs and compares.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits: StaticString = "0123456789abcdef"
        return digits.withUTF8Buffer { table in
            let ascii = [UInt8](unsafeUninitializedCapacity: bytes.count * 2) { out, count in
                for (index, byte) in bytes.enumerated() {
                    out[2 * index] = table[Int(byte >> 4)]
                    out[2 * index + 1] = table[Int(byte & 0x0F)]
                }
                count = bytes.count * 2
            }
            return String(decoding: ascii, as: UTF8.self)
        }
    }
}
