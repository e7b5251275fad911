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

    /// Decodes a request frame into its map, refusing anything that is not one.
    public static func decode(_ frame: [UInt8]) throws(WireError) -> MessagePackValue {
        let value: MessagePackValue
        do {
            value = try MessagePack.decode(frame)
        } catch {
            throw .malformed("\(error)")
        }
        guard value.mapValue != nil else { throw .malformed("payload and load must be a dict") }
        return value
    }
}
