import BrineCore
import JobCache
import MessagePack
import SaltWire

/// Turns one request frame from port 4506 into exactly one reply frame. It never throws: whatever is
/// wrong with a request is logged and answered with Salt's `"bad load"`, so one bad minion cannot stop
/// a worker, and a minion with a stale session re-authenticates.
struct RequestHandler: Sendable {
    let context: MasterContext

    /// Requests above this size are refused before decoding (Salt has no limit; a runaway return should
    /// not take the master's memory with it).
    static let maxRequestBytes = 256 << 20

    init(context: MasterContext) {
        self.context = context
    }

    /// The reply to `frame`; events the request fires are added to `events`.
    func handle(_ frame: [UInt8], events: EventBuffer) -> [UInt8] {
        guard frame.count <= Self.maxRequestBytes else {
            context.logger.error("refused a request of \(frame.count) bytes (limit \(Self.maxRequestBytes))")
            return MessagePack.encode(Envelope.badLoad)
        }
        do {
            return try handleEnvelope(try Envelope.decode(frame), events)
        } catch {
            context.logger.warning("bad request: \(error)")
            return MessagePack.encode(Envelope.badLoad)
        }
    }

    private func handleEnvelope(_ envelope: MessagePackValue, _ events: EventBuffer) throws -> [UInt8] {
        let version = envelope["version"]?.intValue ?? 0
        guard version >= context.config.minimumAuthVersion else { throw WireError.unsupportedVersion(version) }
        switch envelope.string("enc") {
        case "clear":
            guard let load = envelope["load"], load.mapValue != nil else { throw WireError.missingField("load") }
            return MessagePack.encode(try handleClear(load, events))
        case "aes":
            return try handleEncrypted(envelope, events)
        default:
            throw WireError.malformed("unknown enc \(envelope.string("enc") ?? "(none)")")
        }
    }

    private func handleClear(_ load: MessagePackValue, _ events: EventBuffer) throws -> MessagePackValue {
        switch load.string("cmd") {
        case "_auth": return try AuthHandler(context: context, events: events).handle(load)
        case "ping": return load
        default: return [:]
        }
    }

    private func handleEncrypted(_ envelope: MessagePackValue, _ events: EventBuffer) throws -> [UInt8] {
        guard let id = envelope.string("id") else { throw WireError.missingField("id") }
        do {
            try MinionID.validate(id)
        } catch {
            throw WireError.invalidID("\(error)")
        }
        guard let session = context.sessions.existing(for: id) else { throw WireError.noSession(id) }
        guard let ciphertext = envelope["load"]?.bytesValue else { throw WireError.missingField("load") }
        var load = try session.loads(ciphertext)
        guard let nonce = load.string("nonce") else { throw WireError.missingField("nonce") }
        load["nonce"] = nil
        guard load.string("id") == id else { throw WireError.invalidID("load id differs from envelope id \(id)") }
        guard let token = load["tok"]?.bytesValue else { throw WireError.missingField("tok") }
        load["tok"] = nil
        guard context.keys.verifies(token, of: id) else { throw WireError.badToken(id) }
        let command = load.string("cmd") ?? ""
        if command == "_pillar", load.string("ver") == "2" {
            guard let minionKey = context.keys.acceptedKey(id) else { throw WireError.badToken(id) }
            return try privateReply(
                pillar(id: id, load), nonce: nonce, minionKey: minionKey,
                encryption: OAEPHash(rawValue: envelope.string("enc_algo") ?? "") ?? .sha1,
                signing: SignatureHash(rawValue: envelope.string("sig_algo") ?? "") ?? .sha1
            )
        }
        let result = try dispatch(command, id: id, load: load, events)
        return MessagePack.encode(.string(session.dumps(result, nonce: nonce)))
    }

    private func dispatch(_ command: String, id: String, load: MessagePackValue, _ events: EventBuffer) throws -> MessagePackValue {
        switch command {
        case "_return":
            try receiveReturn(id: id, load, events)
            return .nil
        case "_pillar":
            return pillar(id: id, load)
        case "_minion_event":
            minionEvents(id: id, load, events)
            return .nil
        case "_register_resources", "_mine", "_mine_delete", "_mine_flush":
            return true
        default:
            context.logger.debug("minion \(id) sent \(command), which the master does not serve")
            return [:]
        }
    }

    private func receiveReturn(id: String, _ load: MessagePackValue, _ events: EventBuffer) throws {
        guard var jid = load.string("jid"), JID.isValid(jid) || jid == "req" else { throw WireError.missingField("jid") }
        // A job the minion started itself (a schedule with return_job) gets its jid here, as in Salt.
        if jid == "req" { jid = context.jids.next() }
        guard load["return"] != nil else { throw WireError.missingField("return") }
        context.logger.debug("return from \(id) for job \(jid)")
        let retcode = load["retcode"]?.intValue ?? 0
        context.cacheWriter.submit(.ret(ReturnRecord(
            jid: jid, minion: id, value: load["return"] ?? .nil, retcode: retcode,
            success: load["success"]?.boolValue ?? (retcode == 0), outputter: load.string("out"),
            returnedAt: Timestamp.now())))
        events.fire(Event(tag: "salt/job/\(jid)/ret/\(id)", data: load))
    }

    /// The minion sends its grains with every pillar request: that is the master's minion data cache.
    private func pillar(id: String, _ load: MessagePackValue) -> MessagePackValue {
        if let grains = load["grains"], grains.mapValue != nil { context.minions.updateGrains(id, grains) }
        return [:]
    }

    private func minionEvents(id: String, _ load: MessagePackValue, _ events: EventBuffer) {
        if let tag = load.string("tag") {
            events.fire(Event(tag: tag, data: load["data"] ?? .nil))
        }
        for event in load["events"]?.arrayValue ?? [] {
            guard let tag = event.string("tag"), !tag.hasPrefix("salt/job/"), !tag.hasPrefix("salt/auth") else { continue }
            events.fire(Event(tag: tag, data: event["data"] ?? .nil))
        }
    }

    /// Salt's `send_private` reply for pillar: a one-off key wrapped for the minion, and the pillar
    /// signed by the master, so only that minion can read it and it knows who wrote it.
    private func privateReply(
        _ pillar: MessagePackValue, nonce: String, minionKey: RSAPublicKey, encryption: OAEPHash, signing: SignatureHash
    ) throws -> [UInt8] {
        let oneOff = try Crypticle(keyString: Crypticle.generateKeyString())
        let wrappedKey = MessagePackValue.string(try minionKey.encryptOAEP(Array(oneOff.keyString.utf8), hash: encryption))
        let data = MessagePack.encode(["key": wrappedKey, "pillar": pillar, "nonce": .text(nonce)])
        let signature = try context.masterKey.sign(data, hash: signing)
        let sealed = oneOff.dumps(["data": .string(data), "sig": .string(signature)])
        return MessagePack.encode(["key": wrappedKey, "pillar": .string(sealed)])
    }
}
