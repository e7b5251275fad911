import BrineCore
import Logging
import MessagePack
import SaltWire
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// The master's door for the local tools: an ipc ROUTER in `sock_dir` (mode 0600, so only the master's
/// user gets in; 0660 for `sock_dir_group` too). It takes jobs and key notices from callers the kernel
/// names (`PeerCredentials`, decided by `publisher_acl`), and streams each job's events to the tool
/// that submitted it, registered before the job is published so no early return is missed.
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
            try openToGroup(socketPath)
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
                    guard let event = Event(decoding: frames[0]) else { continue }
                    forward(event, to: router, watchers: watchers)
                }
            }
            if poller.isReadable(routerIndex) {
                var peerAddress: String?
                while let frames = try router.receive(dontWait: true, peerAddress: &peerAddress) {
                    serve(frames, peer: PeerCredentials(peerAddress: peerAddress), router: router, publisher: publisher, watchers: watchers)
                }
            }
            if Timestamp.monotonic() - lastPrune > 60 {
                watchers.prune()
                lastPrune = Timestamp.monotonic()
            }
        }
        FileSystem.remove(socketPath)
    }

    /// `sock_dir_group`: its members may open the socket (sock_dir 0750, master.ipc 0660, that group).
    private func openToGroup(_ socketPath: String) throws {
        guard let name = context.config.sockDirGroup else { return }
        guard let group = getgrnam(name) else { throw ConfigError("sock_dir_group: no group '\(name)' on this host") }
        let gid = group.pointee.gr_gid
        for (path, mode) in [(context.config.sockDir, mode_t(0o750)), (socketPath, mode_t(0o660))] {
            guard chown(path, uid_t.max, gid) == 0, chmod(path, mode) == 0 else {
                throw ConfigError("sock_dir_group: cannot give \(path) to group '\(name)': \(String(cString: strerror(errno)))")
            }
        }
    }

    private func serve(_ frames: [[UInt8]], peer: PeerCredentials?, router: ZMQSocket, publisher: ZMQSocket, watchers: Watchers) {
        guard frames.count >= 2, let identity = frames.first, let payload = frames.last else { return }
        func reply(_ body: MessagePackValue) {
            send(.reply(body), to: identity, on: router, watchers: watchers)
        }
        let command: LocalCommand
        do {
            command = try LocalCommand(decoding: payload)
        } catch {
            context.logger.warning("local server: a tool sent a bad request: \(error)")
            send(.failure("\(error)"), to: identity, on: router, watchers: watchers)
            return
        }
        guard let peer, permits(command, from: peer) else {
            send(refuse(command, from: peer), to: identity, on: router, watchers: watchers)
            return
        }
        switch command {
        case .publish(var request):
            // The job runs for the user the kernel named, whatever the tool wrote.
            request.user = peer.user
            switch JobSubmission(context: context).submit(request, refusal: { refusal(of: $0, minions: $1, peer: peer) }) {
            case .refused(let why):
                reply(PublishReply.refused(why).body)
            case .accepted(let job):
                auditPublication(job, request, peer: peer)
                if request.watch { watchers.add(identity, jid: job.publication.jid) }
                reply(PublishReply.published(jid: job.publication.jid, minions: job.minions).body)
                for event in job.events { forward(event, to: router, watchers: watchers) }
                do {
                    try publisher.send([job.order.encoded])
                } catch {
                    context.logger.error("could not hand job \(job.publication.jid) to the publisher: \(error)")
                }
            }
        case .presence(let ids):
            reply(.map(ids.map { MessagePackPair(.text($0), .text(connection(of: $0).rawValue)) }))
        case .resolve(let target, let targetType, let delimiter):
            switch JobSubmission(context: context).resolve(target, type: targetType, delimiter: delimiter) {
            case .success(let minions): reply(PublishReply(jid: nil, minions: minions, error: nil).body)
            case .failure(let why): reply(PublishReply.refused(why.message).body)
            }
        case .unwatch:
            watchers.remove(identity)
            reply(true)
        case .keysChanged(let removed, let rotate):
            keysChanged(removed: removed, rotate: rotate)
            reply(true)
        case .ping:
            reply(["ok": true])
        }
    }

    /// `connected`, `disconnected` or `unknown`, from the publish socket's subscriptions; a minion whose
    /// topic the master never saw counts as connected once it has authenticated since the master
    /// started (a stock salt-minion without `zmq_filtering`).
    private func connection(of id: String) -> MinionConnection {
        let state = context.presence.state(of: id)
        if state == .unknown && context.sessions.has(id) { return .connected }
        return state
    }

    /// `brine-key` changed the pki dir: forget what we knew of removed minions, and rotate the AES key
    /// so a deleted or rejected minion can read no further publication.
    private func keysChanged(removed: [String], rotate: Bool) {
        for id in removed {
            context.sessions.drop(id)
            context.minions.forget(id)
        }
        if rotate {
            context.aes.rotate()
            context.logger.info("rotated the AES key after a key change")
        }
    }

    private func forward(_ event: Event, to router: ZMQSocket, watchers: Watchers) {
        guard let jid = event.tag.jid, let list = watchers.byJID[jid] else { return }
        let message = LocalMessage.event(tag: event.tag.description, data: event.data, minion: event.minion)
        for watcher in list {
            send(message, to: watcher.identity, on: router, watchers: watchers)
        }
    }

    private func send(_ message: LocalMessage, to identity: [UInt8], on router: ZMQSocket, watchers: Watchers) {
        do {
            try router.send([identity, [], message.encoded], dontWait: true)
        } catch {
            watchers.remove(identity)
        }
    }
}
