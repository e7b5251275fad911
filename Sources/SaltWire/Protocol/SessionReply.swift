public import MessagePack

/// The master's answer to a session request, in its three forms: the session-encrypted value with
/// the request's nonce inside (Salt's `send`), a private reply (`send_private`, for `_pillar`), or the
/// bare string `"bad load"` when the master could not take the request.
public enum SessionReply {
    /// `send`: the value sealed with the minion's session key, the request nonce first inside.
    public static func seal(_ value: MessagePackValue, nonce: String, session: Crypticle) -> [UInt8] {
        MessagePack.encode(.string(session.dumps(value, nonce: nonce)))
    }

    /// The value the master answered. Throws `badLoad` when the master refused the request (it lost
    /// the session, say: authenticate again), and `nonceMismatch` for the answer to another request.
    public static func open(
        _ frame: [UInt8], nonce: String, credentials: AuthCredentials, minionKey: RSAPrivateKey,
        encryption: OAEPHash = .sha1, signing: SignatureHash = .sha1
    ) throws(WireError) -> MessagePackValue {
        let reply: MessagePackValue
        do {
            reply = try MessagePack.decode(frame)
        } catch {
            throw .malformed("reply: \(error)")
        }
        if reply == Envelope.badLoad { throw .badLoad }
        if reply["key"] != nil || reply["pillar"] != nil {
            return try PrivateReply.open(
                reply, nonce: nonce, minionKey: minionKey, masterKey: credentials.masterKey, encryption: encryption,
                signing: signing)
        }
        guard let ciphertext = reply.bytesValue else { throw .malformed("reply is neither encrypted nor private") }
        return try credentials.session.loads(ciphertext, nonce: nonce)
    }
}
