import MessagePack

/// The minion's `_auth` request (clear, on 4506).
public enum AuthRequest {
    /// - Parameters:
    ///   - masterKey: the pinned master key, when the minion has one: then it also sends `token`,
    ///     which the master must echo re-encrypted, proving it holds the matching private key.
    ///   - token: a fresh Crypticle key string, remembered to check the reply.
    public static func make(
        id: String, minionKey: RSAPrivateKey, masterKey: RSAPublicKey?, token: String, nonce: String,
        encryption: OAEPHash = .sha1, signing: SignatureHash = .sha1
    ) throws -> MessagePackValue {
        var load: MessagePackValue = [
            "cmd": "_auth",
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
