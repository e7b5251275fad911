public import MessagePack

/// Salt's framing inside the symmetric layer: `pickle::` (an integrity marker, no pickle involved),
/// then for replies the 32-character request nonce, then msgpack.
extension Crypticle {
    static let marker: [UInt8] = Array("pickle::".utf8)

    public func dumps(_ value: MessagePackValue, nonce: String? = nil) -> [UInt8] {
        var plaintext = Self.marker
        if let nonce { plaintext.append(contentsOf: nonce.utf8) }
        MessagePack.append(value, to: &plaintext)
        return encrypt(plaintext)
    }

    /// Decrypts and decodes; when `nonce` is given the plaintext must carry exactly that nonce.
    public func loads(_ data: [UInt8], nonce: String? = nil) throws(WireError) -> MessagePackValue {
        let plaintext: [UInt8]
        do {
            plaintext = try decrypt(data)
        } catch {
            throw .decryptionFailed("\(error)")
        }
        guard plaintext.starts(with: Self.marker) else { throw .decryptionFailed("no pickle:: marker") }
        var start = Self.marker.count
        if let nonce {
            let expected = Array(nonce.utf8)
            guard plaintext.count >= start + expected.count,
                  Array(plaintext[start..<(start + expected.count)]) == expected
            else { throw .nonceMismatch }
            start += expected.count
        }
        do {
            return try MessagePack.decode(Array(plaintext[start...]))
        } catch {
            throw .malformed("\(error)")
        }
    }
}
