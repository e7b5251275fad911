public import MessagePack

/// Publications on 4505: the master's job load, encrypted with the master AES key and signed.
public enum Publication {
    /// The envelope bytes for one job load (`serial` already set by the caller).
    public static func seal(
        _ load: MessagePackValue, aes: Crypticle, signingKey: RSAPrivateKey?, signing: SignatureHash = .sha1
    ) throws -> [UInt8] {
        let ciphertext = aes.dumps(load)
        var envelope: MessagePackValue = ["enc": "aes", "load": .string(ciphertext)]
        if let signingKey {
            envelope["sig"] = .string(try signingKey.sign(ciphertext, hash: signing))
            envelope["sig_algo"] = .text(signing.rawValue)
        }
        return MessagePack.encode(envelope)
    }

    /// The ZeroMQ topic of a minion when `zmq_filtering` is on: sha1 of its id, in hex.
    public static func topic(for id: String) -> [UInt8] {
        Array(Digest.hex(Digest.sha1(Array(id.utf8))).utf8)
    }

    public static let broadcastTopic: [UInt8] = Array("broadcast".utf8)

    /// The envelope frame of a received message, or nil when the message is for another minion.
    /// Salt sends one frame, or `[topic, envelope]` with `zmq_filtering`.
    public static func envelopeFrame(_ frames: [[UInt8]], topic: [UInt8]) throws(WireError) -> [UInt8]? {
        switch frames.count {
        case 1: return frames[0]
        case 2: return frames[0] == topic || frames[0] == broadcastTopic ? frames[1] : nil
        default: throw .malformed("publication with \(frames.count) frames")
        }
    }

    /// Verifies and decrypts a publication envelope. With a master key, a signature is checked when
    /// there is one, and required when `requireSignature` (Salt's minion `sign_pub_messages`): every
    /// minion holds the AES key, so only the signature tells the master's publications from another
    /// minion's.
    public static func open(
        _ frame: [UInt8], aes: Crypticle, masterKey: RSAPublicKey?, requireSignature: Bool = false
    ) throws(WireError) -> MessagePackValue {
        let envelope = try Envelope.decode(frame)
        guard envelope.string("enc") == "aes" else { throw .malformed("publication is not aes-encrypted") }
        guard let ciphertext = envelope["load"]?.bytesValue else { throw .missingField("load") }
        let signature = envelope["sig"]?.bytesValue
        if masterKey != nil, requireSignature, signature == nil { throw .badSignature("publication") }
        if let masterKey, let signature {
            let hash = envelope.string("sig_algo").flatMap(SignatureHash.init(rawValue:)) ?? .sha1
            guard masterKey.verify(signature: signature, message: ciphertext, hash: hash) else {
                throw .badSignature("publication")
            }
        }
        return try aes.loads(ciphertext)
    }
}
