public import MessagePack

/// The minion's `_auth` request (clear, on 4506): its id, its public key and a nonce, and, once it has
/// pinned the master's key, a `token` the master must echo re-encrypted to prove it holds the private key.
public struct AuthRequest: Sendable {
    public static let command = "_auth"

    public var id: String
    public var nonce: String
    /// `enc_algo` and `sig_algo` as named (the master refuses ones it does not support).
    public var encryption: String
    public var signing: String
    public var publicKeyPEM: String?
    public var token: [UInt8]?

    /// Reads the load of a clear `_auth` request (master side).
    public init(load: MessagePackValue) throws(WireError) {
        var fields = try LoadFields(load, what: "an auth request")
        id = try fields.require("id", as: \.stringValue)
        nonce = fields.take("nonce", as: \.stringValue) ?? ""
        encryption = fields.take("enc_algo", as: \.stringValue) ?? OAEPHash.sha1.rawValue
        signing = fields.take("sig_algo", as: \.stringValue) ?? SignatureHash.sha1.rawValue
        publicKeyPEM = fields.take("pub", as: \.stringValue)
        token = fields.take("token", as: \.bytesValue)
    }

    /// The clear envelope a minion sends.
    /// - Parameters:
    ///   - masterKey: the pinned master key, when the minion has one: then it also sends `token`.
    ///   - token: a fresh Crypticle key string, remembered to check the reply.
    public static func make(
        id: String, minionKey: RSAPrivateKey, masterKey: RSAPublicKey?, token: String, nonce: String,
        encryption: OAEPHash = .sha1, signing: SignatureHash = .sha1
    ) throws -> MessagePackValue {
        var load: MessagePackValue = [
            "cmd": .text(command),
            "id": .text(id),
            "nonce": .text(nonce),
            "enc_algo": .text(encryption.rawValue),
            "sig_algo": .text(signing.rawValue),
        ]
        if let masterKey {
            load["token"] = .string(try masterKey.encryptOAEP(Array(token.utf8), hash: encryption))
        }
        load["pub"] = .text(minionKey.publicKey.cleanPEM)
        return Envelope.clear(load)
    }
}
