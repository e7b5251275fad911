public import MessagePack

/// The outer maps that cross port 4506, as Salt 3008 (protocol version 3) builds them.
public enum Envelope {
    public static let protocolVersion: Int64 = 3

    /// `{"enc": "clear", "load": load, "version": 3}`: `_auth`, and the local tools' commands.
    public static func clear(_ load: MessagePackValue) -> MessagePackValue {
        ["enc": "clear", "load": load, "version": .int(protocolVersion)]
    }

    /// A minion's session-encrypted request; `id` lets the master find the session key.
    public static func aes(
        id: String, ciphertext: [UInt8], encryption: OAEPHash = .sha1, signing: SignatureHash = .sha1
    ) -> MessagePackValue {
        [
            "enc": "aes",
            "load": .string(ciphertext),
            "version": .int(protocolVersion),
            "id": .text(id),
            "enc_algo": .text(encryption.rawValue),
            "sig_algo": .text(signing.rawValue),
        ]
    }

    /// Salt's reply to anything it cannot decode or verify; it makes a minion re-authenticate.
    public static let badLoad: MessagePackValue = "bad load"

    /// The most values an envelope may hold. It is read before anything is authenticated, and is a
    /// handful of scalars (an aes envelope) or a small map around a small load (`_auth`, about 25
    /// values); a frame of millions of one-byte values is refused after this many, not after building
    /// them all at 16 bytes each.
    public static let maxValues = 256

    /// The largest clear (unauthenticated) request served: `_auth` carries a public key and a few
    /// short fields, about 1 KB with a 4096-bit key.
    public static let maxClearBytes = 64 << 10

    /// Decodes a request or publication frame into its map, refusing anything that is not one.
    public static func decode(_ frame: [UInt8]) throws(WireError) -> MessagePackValue {
        let value: MessagePackValue
        do {
            value = try MessagePack.decode(frame, maxValues: maxValues)
        } catch {
            throw .malformed("\(error)")
        }
        guard value.mapValue != nil else { throw .malformed("payload and load must be a dict") }
        return value
    }
}
