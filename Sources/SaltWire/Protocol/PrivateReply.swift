public import MessagePack

/// Salt's `send_private` reply (to `_pillar`): a one-off key wrapped for the one minion, and the data
/// signed by the master under it, so only that minion can read it and it knows who wrote it.
public enum PrivateReply {
    public static func seal(
        _ value: MessagePackValue, nonce: String, minionKey: RSAPublicKey, masterKey: RSAPrivateKey,
        encryption: OAEPHash, signing: SignatureHash
    ) throws -> [UInt8] {
        let oneOff = try Crypticle(keyString: Crypticle.generateKeyString())
        let wrappedKey = MessagePackValue.string(try minionKey.encryptOAEP(Array(oneOff.keyString.utf8), hash: encryption))
        let data = MessagePack.encode(["key": wrappedKey, "pillar": value, "nonce": .text(nonce)])
        let signature = try masterKey.sign(data, hash: signing)
        let sealed = oneOff.dumps(["data": .string(data), "sig": .string(signature)])
        return MessagePack.encode(["key": wrappedKey, "pillar": .string(sealed)])
    }

    /// The value inside, once the signature and the nonce check out.
    public static func open(
        _ reply: MessagePackValue, nonce: String, minionKey: RSAPrivateKey, masterKey: RSAPublicKey,
        encryption: OAEPHash = .sha1, signing: SignatureHash = .sha1
    ) throws(WireError) -> MessagePackValue {
        guard let sealedKey = reply["key"]?.bytesValue else { throw .missingField("key") }
        guard let sealedValue = reply["pillar"]?.bytesValue else { throw .missingField("pillar") }
        let oneOff: Crypticle
        do {
            oneOff = try Crypticle(keyString: String(decoding: try minionKey.decryptOAEP(sealedKey, hash: encryption), as: UTF8.self))
        } catch {
            throw .decryptionFailed("the private reply's key: \(error)")
        }
        let signed = try oneOff.loads(sealedValue)
        guard let data = signed["data"]?.bytesValue, let signature = signed["sig"]?.bytesValue,
              masterKey.verify(signature: signature, message: data, hash: signing)
        else { throw .badSignature("the private reply") }
        let inner: MessagePackValue
        do {
            inner = try MessagePack.decode(data)
        } catch {
            throw .malformed("private reply: \(error)")
        }
        guard inner["key"]?.bytesValue == sealedKey, inner.string("nonce") == nonce else { throw .nonceMismatch }
        return inner["pillar"] ?? [:]
    }
}
