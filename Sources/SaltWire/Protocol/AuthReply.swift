public import MessagePack

/// What a minion learns from a successful `_auth`.
public struct AuthCredentials: Sendable {
    /// The master-wide key that decrypts publications.
    public let aes: Crypticle
    /// This minion's key for requests and replies on 4506.
    public let session: Crypticle
    public let publishPort: Int
    public let masterKey: RSAPublicKey

    public init(aes: Crypticle, session: Crypticle, publishPort: Int, masterKey: RSAPublicKey) {
        self.aes = aes
        self.session = session
        self.publishPort = publishPort
        self.masterKey = masterKey
    }
}

/// The master's answer to `_auth`, as the minion sees it.
public enum AuthOutcome: Sendable {
    case accepted(AuthCredentials)
    /// The key waits in `minions_pre` for an operator.
    case pending
    case rejected
    case full
    /// The master refuses our `enc_algo`/`sig_algo` (its words).
    case algorithmRefused(String)
}

/// Building (master) and opening (minion) the signed `_auth` reply.
public enum AuthReply {
    /// The answers other than success, as Salt signs them: `ret` is True (pending), False, or "full".
    public enum Verdict: Sendable {
        case pending, rejected, full

        var ret: MessagePackValue {
            switch self {
            case .pending: return true
            case .rejected: return false
            case .full: return "full"
            }
        }
    }

    /// Algorithms the master will not use; Salt sends these refusals unsigned.
    public enum Refusal: String, Sendable {
        case badEncryption = "bad enc algo"
        case badSigning = "bad sig algo"
    }

    public static func refusal(_ refusal: Refusal) -> MessagePackValue {
        ["enc": "clear", "load": ["ret": .text(refusal.rawValue)]]
    }

    /// A signed pending, rejected or full answer.
    public static func signed(
        _ verdict: Verdict, nonce: String, masterKey: RSAPrivateKey, signing: SignatureHash
    ) throws -> MessagePackValue {
        try signed(["ret": verdict.ret, "nonce": .text(nonce)], masterKey: masterKey, signing: signing)
    }

    /// Salt's signed clear wrapper: the inner map is packed once and those exact bytes are signed.
    public static func signed(
        _ inner: MessagePackValue, masterKey: RSAPrivateKey, signing: SignatureHash
    ) throws -> MessagePackValue {
        let packed = MessagePack.encode(inner)
        return ["enc": "clear", "load": .string(packed), "sig": .string(try masterKey.sign(packed, hash: signing))]
    }

    /// The inner map of a successful authentication.
    public static func success(
        aesKey: String, sessionKey: String, publishPort: Int, masterKey: RSAPrivateKey, minionKey: RSAPublicKey,
        requestToken: [UInt8]?, nonce: String, encryption: OAEPHash
    ) throws -> MessagePackValue {
        var inner: MessagePackValue = [
            "enc": "pub",
            "pub_key": .text(masterKey.publicKey.cleanPEM),
            "publish_port": .int(Int64(publishPort)),
        ]
        if let requestToken {
            let token = try masterKey.decryptOAEP(requestToken, hash: encryption)
            inner["token"] = .string(try minionKey.encryptOAEP(token, hash: encryption))
        }
        inner["aes"] = .string(try minionKey.encryptOAEP(Array(aesKey.utf8), hash: encryption))
        inner["session"] = .string(try minionKey.encryptOAEP(Array(sessionKey.utf8), hash: encryption))
        inner["sig"] = .string(try masterKey.signX931(Array(Digest.hex(Digest.sha256(Array(aesKey.utf8))).utf8)))
        inner["nonce"] = .text(nonce)
        return inner
    }

    /// Verifies and decodes the reply to our `_auth`.
    /// - Parameter pinnedMasterKey: `minion_master.pub` if the minion has one; without it the key in the
    ///   reply is trusted on first use and returned in the credentials for the caller to pin.
    public static func open(
        _ reply: MessagePackValue, nonce: String, token: String, minionKey: RSAPrivateKey,
        pinnedMasterKey: RSAPublicKey?, encryption: OAEPHash = .sha1, signing: SignatureHash = .sha1
    ) throws -> AuthOutcome {
        guard let load = reply["load"] else { throw WireError.missingField("load") }
        if let refusal = load.string("ret") { return .algorithmRefused(refusal) }
        guard let packed = load.bytesValue else { throw WireError.malformed("auth reply load is not packed bytes") }
        let inner: MessagePackValue
        do {
            inner = try MessagePack.decode(packed)
        } catch {
            throw WireError.malformed("auth reply: \(error)")
        }
        var masterKey = pinnedMasterKey
        if let offered = inner.string("pub_key") {
            let offeredKey = try RSAPublicKey(pem: offered)
            if let pinned = pinnedMasterKey, pinned.cleanPEM != offeredKey.cleanPEM { throw WireError.masterKeyChanged }
            masterKey = offeredKey
        }
        if let masterKey {
            guard let signature = reply["sig"]?.bytesValue, masterKey.verify(signature: signature, message: packed, hash: signing)
            else { throw WireError.badSignature("the auth reply") }
        }
        guard inner.string("nonce") == nonce else { throw WireError.nonceMismatch }
        switch inner["ret"] {
        case .bool(true)?: return .pending
        case .bool(false)?: return .rejected
        case let other? where other.stringValue == "full": return .full
        default: break
        }
        guard let masterKey else { throw WireError.missingField("pub_key") }
        return .accepted(try credentials(inner, masterKey: masterKey, token: token, minionKey: minionKey, encryption: encryption))
    }

    private static func credentials(
        _ inner: MessagePackValue, masterKey: RSAPublicKey, token: String, minionKey: RSAPrivateKey, encryption: OAEPHash
    ) throws -> AuthCredentials {
        guard let sealedAES = inner["aes"]?.bytesValue else { throw WireError.missingField("aes") }
        guard let sealedSession = inner["session"]?.bytesValue else { throw WireError.missingField("session") }
        let aesKey = try minionKey.decryptOAEP(sealedAES, hash: encryption)
        guard let signature = inner["sig"]?.bytesValue,
              (try? masterKey.recoverX931(signature)) == Array(Digest.hex(Digest.sha256(aesKey)).utf8)
        else { throw WireError.badSignature("the AES key") }
        if let sealedToken = inner["token"]?.bytesValue {
            guard try minionKey.decryptOAEP(sealedToken, hash: encryption) == Array(token.utf8) else {
                throw WireError.badToken("master")
            }
        }
        let sessionKey = try minionKey.decryptOAEP(sealedSession, hash: encryption)
        guard let port = inner["publish_port"]?.intValue else { throw WireError.missingField("publish_port") }
        return AuthCredentials(
            aes: try Crypticle(keyString: String(decoding: aesKey, as: UTF8.self)),
            session: try Crypticle(keyString: String(decoding: sessionKey, as: UTF8.self)),
            publishPort: port,
            masterKey: masterKey
        )
    }
}
