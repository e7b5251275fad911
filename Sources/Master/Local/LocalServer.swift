import BrineCore
import MessagePack
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// The master's door for the local tools: an ipc ROUTER in `sock_dir` (mode 0600, so only the master's
/// user gets in). It takes jobs and key notices, and streams each job's events to the tool that
/// submitted it, registered before the job is published so no early return is missed.
struct LocalServer {
    let context: MasterContext
    let zmq: ZMQContext

    private final class Watchers {
        var byJID: [String: [(identity: [UInt8], since: Double)]] = [:]

        func add(_ identity: [UInt8], jid: String) {
            byJID[jid, default: []].append((identity, Timestamp.monotonic()))
        }

        func remove(_ identity: [UInt8]) {
            for jid in Array(byJID.keys) {
                byJID[jid]?.removeAll { $0.identity == identity }
                if byJID[jid]?.isEmpty == true { byJID[jid] = nil }
            }
        }

        /// A tool that died without saying so is forgotten after a day.
        func prune() {
            let cutoff = Timestamp.monotonic() - 86_400
            byJID = byJID.compactMapValues { list in
                let kept = list.filter { $0.since > cutoff }
                return kept.isEmpty ? nil : kept
            }
        }
    }

    func run(_ gate: StartupGate, _ loop: DaemonLoop) {
        let router: ZMQSocket
        let eventInbox: ZMQSocket
        let publisher: ZMQSocket
        let socketPath = context.config.sockDir + "/master.ipc"
        do {
            guard FileSystem.makeDirectories(context.config.sockDir, mode: 0o700) else {
                throw FileSystem.Failure(path: context.config.sockDir, operation: "mkdir", code: errno)
            }
            router = try ZMQSocket(context: zmq, type: .router)
            try router.set(.routerMandatory, 1)
            try router.set(.sendHighWaterMark, 100_000)
            FileSystem.remove(socketPath)
            try router.bind(context.config.localEndpoint)
            chmod(socketPath, 0o600)
            eventInbox = try ZMQSocket(context: zmq, type: .pull)
            try eventInbox.bind(InProc.events)
            publisher = try ZMQSocket(context: zmq, type: .push)
            try publisher.connect(InProc.publish)
        } catch {
            gate.fail(error)
            return
        }
        gate.succeed()
        let watchers = Watchers()
        var poller = ZMQPoller()
        let routerIndex = poller.add(router)
        let eventIndex = poller.add(eventInbox)
        var lastPrune = Timestamp.monotonic()
        loop.run {
            _ = try poller.poll(timeoutMilliseconds: 60_000)
            if poller.isReadable(eventIndex) {
                while let frames = try eventInbox.receive(dontWait: true) {
                    forward(frames[0], to: router, watchers: watchers)
                }
            }
            if poller.isReadable(routerIndex) {
                while let frames = try router.receive(dontWait: true) {
                    serve(frames, router: router, publisher: publisher, watchers: watchers)
                }
            }
            if Timestamp.monotonic() - lastPrune > 60 {
                watchers.prune()
                lastPrune = Timestamp.monotonic()
            }
        }
        FileSystem.remove(socketPath)
    }

    private func serve(_ frames: [[UInt8]], router: ZMQSocket, publisher: ZMQSocket, watchers: Watchers) {
        guard frames.count >= 2, let identity = frames.first, let payload = frames.last else { return }
        func reply(_ body: MessagePackValue) {
            send(["kind": "reply", "body": body], to: identity, on: router, watchers: watchers)
        }
        guard let request = try? MessagePack.decode(payload) else {
            context.logger.warning("local server: a tool sent malformed msgpack")
            reply(["error": "malformed request"])
            return
        }
        switch request.string("cmd") {
        case "publish":
            switch JobSubmission(context: context).submit(request) {
            case .refused(let why):
                reply(["jid": nil, "minions": [], "error": .text(why)])
            case .accepted(let job):
                if request["watch"]?.boolValue == true { watchers.add(identity, jid: job.jid) }
                reply(["jid": .text(job.jid), "minions": .array(job.minions.map(MessagePackValue.text)), "missing": []])
                for event in job.events { forward(event.encoded, to: router, watchers: watchers) }
                do {
                    try publisher.send([job.publication])
                } catch {
                    context.logger.error("could not hand job \(job.jid) to the publisher: \(error)")
                }
            }
        case "presence":
            reply(.map((request["ids"]?.arrayValue ?? []).compactMap(\.stringValue).map { id in
                MessagePackPair(.text(id), .text(connection(of: id)))
            }))
        case "resolve":
            switch JobSubmission(context: context).resolve(request) {
            case .success(let minions): reply(["minions": .array(minions.map(MessagePackValue.text))])
            case .failure(let why): reply(["minions": [], "error": .text(why.message)])
            }
        case "unwatch":
            watchers.remove(identity)
            reply(true)
        case "keys_changed":
            keysChanged(request)
            reply(true)
        case "ping":
            reply(["ok": true])
        default:
            reply(["error": .text("unknown command '\(request.string("cmd") ?? "")'")])
        }
    }

    /// `connected`, `disconnected` or `unknown`, from the publish socket's subscriptions; a minion whose
    /// topic the master never saw counts as connected once it has authenticated since the master
    /// started (a stock salt-minion without `zmq_filtering`).
    private func connection(of id: String) -> String {
        let state = context.presence.state(of: id)
        if state == .unknown && context.sessions.has(id) { return Presence.State.connected.rawValue }
        return state.rawValue
    }

    /// `brine-key` changed the pki dir: forget what we knew of removed minions, and rotate the AES key
    /// so a deleted or rejected minion can read no further publication.
    private func keysChanged(_ request: MessagePackValue) {
        for id in request["removed"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            context.sessions.drop(id)
            context.minions.forget(id)
        }
        if request["rotate"]?.boolValue == true {
            context.aes.rotate()
            context.logger.info("rotated the AES key after a key change")
        }
    }

    private func forward(_ frame: [UInt8], to router: ZMQSocket, watchers: Watchers) {
        guard let event = Event(decoding: frame), let jid = event.jid, let list = watchers.byJID[jid] else { return }
        for watcher in list {
            send(["kind": "event", "tag": .text(event.tag), "data": event.data], to: watcher.identity, on: router, watchers: watchers)
        }
    }

    private func send(_ body: MessagePackValue, to identity: [UInt8], on router: ZMQSocket, watchers: Watchers) {
        do {
            try router.send([identity, [], MessagePack.encode(body)], dontWait: true)
        } catch {
            watchers.remove(identity)
        }
    }
}
