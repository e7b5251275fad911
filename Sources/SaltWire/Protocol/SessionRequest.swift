import BrineCore
public import MessagePack

/// A minion's session-encrypted request on 4506 (Salt's protocol v3): the command plus `id`, a fresh
/// `nonce`, the time `ts` and the token `tok`, encrypted with the minion's session key, in an `aes`
/// envelope that names the id so the master can find that key. The minion seals; the master opens.
public struct SessionRequest: Sendable {
    /// The id the envelope and the load agree on, checked against the master's session for it.
    public let id: String
    /// Echoed inside the reply, which ties the reply to this request.
    public let nonce: String
    /// The minion key's X9.31 signature of `salt`, for the master to verify against the accepted key.
    public let token: [UInt8]
    /// The command without `nonce` and `tok`; `id` and `ts` stay in it, as on a stock master.
    public let load: MessagePackValue
    /// The session key the request was opened with, which seals the reply.
    public let session: Crypticle
    /// The algorithms the minion named in the envelope, for a private reply.
    public let encryption: OAEPHash
    public let signing: SignatureHash

    /// The `cmd` of the load (`_return`, `_pillar`, ...).
    public var command: String { load.string("cmd") ?? "" }

    /// The envelope frame for `command` (a load map without the channel's fields).
    public static func seal(
        _ command: MessagePackValue, id: String, nonce: String, time: Int64, token: [UInt8], session: Crypticle,
        encryption: OAEPHash = .sha1, signing: SignatureHash = .sha1
    ) -> [UInt8] {
        // Appended in one go: setting map keys one by one copies the map each time, which adds up
        // over the swarm's thousands of returns.
        var pairs = command.mapValue ?? []
        pairs.removeAll { $0.key.stringValue == "id" }
        pairs.append(MessagePackPair("id", .text(id)))
        pairs.append(MessagePackPair("nonce", .text(nonce)))
        pairs.append(MessagePackPair("ts", .int(time)))
        pairs.append(MessagePackPair("tok", .string(token)))
        let envelope = Envelope.aes(
            id: id, ciphertext: session.dumps(.map(pairs)), encryption: encryption, signing: signing)
        return MessagePack.encode(envelope)
    }

    /// Opens an `aes` envelope: the id must be a valid minion id with a live session (`session`
    /// returns its key), the load must decrypt under it, carry a nonce and a token, and name the
    /// same id as the envelope.
    public static func open(
        _ envelope: MessagePackValue, session: (String) -> Crypticle?
    ) throws(WireError) -> SessionRequest {
        guard let id = envelope.string("id") else { throw .missingField("id") }
        do {
            try MinionID.validate(id)
        } catch {
            throw .invalidID("\(error)")
        }
        guard let key = session(id) else { throw .noSession(id) }
        guard let ciphertext = envelope["load"]?.bytesValue else { throw .missingField("load") }
        var load = try key.loads(ciphertext)
        guard let nonce = load.string("nonce") else { throw .missingField("nonce") }
        load["nonce"] = nil
        guard load.string("id") == id else { throw .invalidID("load id differs from envelope id \(id)") }
        guard let token = load["tok"]?.bytesValue else { throw .missingField("tok") }
        load["tok"] = nil
        return SessionRequest(
            id: id, nonce: nonce, token: token, load: load, session: key,
            encryption: envelope.string("enc_algo").flatMap(OAEPHash.init(rawValue:)) ?? .sha1,
            signing: envelope.string("sig_algo").flatMap(SignatureHash.init(rawValue:)) ?? .sha1)
    }
}
