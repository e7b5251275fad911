import BrineCore
import JobCache
import Logging
import MessagePack
import SaltWire

/// Turns one request frame from port 4506 into exactly one reply frame. It never throws: whatever is
/// wrong with a request is logged and answered with Salt's `"bad load"`, so one bad minion cannot stop
/// a worker, and a minion with a stale session re-authenticates. A return is answered only once it is
/// in the job cache: the handler says what to store, and the worker replies after the commit.
struct RequestHandler: Sendable {
    /// What to do about one request.
    struct Handled {
        var reply: [UInt8]
        /// Fired with the reply.
        var events: [Event] = []
        /// When set, the reply and the events wait until this is committed (and the events are
        /// dropped if the cache had it already).
        var store: ReturnRecord?
    }

    let context: MasterContext

    /// Requests above this size are refused before decoding (Salt has no limit; a runaway return should
    /// not take the master's memory with it).
    static let maxRequestBytes = 256 << 20

    init(context: MasterContext) {
        self.context = context
    }

    func handle(_ frame: [UInt8]) -> Handled {
        guard frame.count <= Self.maxRequestBytes else {
            context.logger.error("refused a request of \(frame.count) bytes (limit \(Self.maxRequestBytes))")
            return Handled(reply: MessagePack.encode(Envelope.badLoad))
        }
        let events = EventBuffer()
        do {
            let envelope = try Envelope.decode(frame)
            if envelope.string("enc") == "clear", frame.count > Envelope.maxClearBytes {
                throw WireError.malformed("a clear request of \(frame.count) bytes (limit \(Envelope.maxClearBytes))")
            }
            var handled = try handleEnvelope(envelope, events)
            handled.events = events.drain() + handled.events
            return handled
        } catch {
            context.logger.warning("bad request: \(error)")
            return Handled(reply: MessagePack.encode(Envelope.badLoad))
        }
    }

    private func handleEnvelope(_ envelope: MessagePackValue, _ events: EventBuffer) throws -> Handled {
        let version = envelope["version"]?.intValue ?? 0
        guard version >= context.config.minimumAuthVersion else { throw WireError.unsupportedVersion(version) }
        switch envelope.string("enc") {
        case "clear":
            guard let load = envelope["load"], load.mapValue != nil else { throw WireError.missingField("load") }
            return Handled(reply: MessagePack.encode(try handleClear(load, events)))
        case "aes":
            return try handleEncrypted(envelope, events)
        default:
            throw WireError.malformed("unknown enc \(envelope.string("enc") ?? "(none)")")
        }
    }

    private func handleClear(_ load: MessagePackValue, _ events: EventBuffer) throws -> MessagePackValue {
        switch load.string("cmd") {
        case AuthRequest.command: return try AuthHandler(context: context, events: events).handle(try AuthRequest(load: load))
        case "ping": return load
        default: return [:]
        }
    }

    private func handleEncrypted(_ envelope: MessagePackValue, _ events: EventBuffer) throws -> Handled {
        let request = try SessionRequest.open(envelope) { context.sessions.existing(for: $0) }
        let id = request.id
        guard context.keys.verifies(request.token, of: id) else { throw WireError.badToken(id) }
        let session = request.session
        switch try MinionRequest(request.load) {
        case .ret(let ret):
            return try receiveReturn(ret, from: id, reply: SessionReply.seal(.nil, nonce: request.nonce, session: session))
        case .pillar(let pillar):
            return try servePillar(pillar, to: request)
        case .event(let event):
            fire(event, from: id, events)
            return Handled(reply: SessionReply.seal(.nil, nonce: request.nonce, session: session))
        case .registerResources:
            return Handled(reply: SessionReply.seal(true, nonce: request.nonce, session: session))
        case .other(let command):
            if let answer = answerFiles(command, request.load, from: id) {
                return Handled(reply: SessionReply.seal(answer, nonce: request.nonce, session: session))
            }
            switch command {
            case "_mine", "_mine_delete", "_mine_flush":
                return Handled(reply: SessionReply.seal(true, nonce: request.nonce, session: session))
            default:
                context.logger.debug("minion \(id) sent \(command), which the master does not serve")
                return Handled(reply: SessionReply.seal([:], nonce: request.nonce, session: session))
            }
        }
    }

    /// A return, stored under the id of the session that sent it; the reply and the event for the
    /// tools watching the job wait for the commit.
    private func receiveReturn(_ ret: JobReturn, from id: String, reply: [UInt8]) throws -> Handled {
        var ret = ret
        guard JID.isValid(ret.jid) || ret.jid == "req" else { throw WireError.malformed("a return for '\(ret.jid)', which is not a job id") }
        // A job the minion started itself (a schedule with return_job) gets its jid here, as in Salt.
        if ret.jid == "req" { ret.jid = context.jids.next() }
        context.logger.debug("return from \(id) for job \(ret.jid)")
        let record = ReturnRecord(
            jid: ret.jid, minion: id, value: ret.value, retcode: ret.retcode, success: ret.success,
            outputter: ret.outputter, returnedAt: Timestamp.now())
        return Handled(
            reply: reply, events: [Event(.jobReturn(jid: ret.jid, minion: id), data: ret.load(minion: id), minion: id)],
            store: record)
    }

    /// Fires the events a minion sent, single or listed, except those it may not fire: tags in the
    /// master's namespaces (a job's return comes only through `_return`) and tags about other minions.
    private func fire(_ event: MinionEvent, from id: String, _ events: EventBuffer) {
        for fired in (event.single.map { [$0] } ?? []) + event.batch {
            let tag = EventTag(fired.tag)
            guard tag.mayBeFired(by: id) else {
                context.logger.warning("minion \(id) fired '\(MinionID.printable(fired.tag))', which only the master or another minion may fire; dropped")
                continue
            }
            events.fire(Event(tag, data: fired.data))
        }
    }
}
