import BrineCore
import JobCache
import Logging
import MessagePack
import SaltWire

/// What the local server does for each command of a tool.
extension LocalServer {
    func serve(_ frames: [[UInt8]], peer: PeerCredentials?, _ channel: ToolChannel) {
        guard frames.count >= 2, let identity = frames.first, let payload = frames.last else { return }
        func reply(_ body: MessagePackValue) {
            channel.send(.reply(body), to: identity)
        }
        let command: LocalCommand
        do {
            command = try LocalCommand(decoding: payload)
        } catch {
            context.logger.warning("local server: a tool sent a bad request: \(error)")
            channel.send(.failure("\(error)"), to: identity)
            return
        }
        guard let peer, permits(command, from: peer) else {
            channel.send(refuse(command, from: peer), to: identity)
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
                let jid = job.publication.jid
                do {
                    try context.cacheWriter.commit(.job(job.record))
                } catch {
                    context.logger.error("job \(jid) refused: the job cache cannot record it: \(error)")
                    reply(PublishReply.refused("The job cache cannot record the job (\(error)); nothing was published.").body)
                    return
                }
                auditPublication(job, request, peer: peer)
                if request.watch { channel.watch(jid, by: identity) }
                channel.publish(job, for: identity)
            }
        case .presence(let ids):
            reply(.map(ids.map { MessagePackPair(.text($0), .text(connection(of: $0).rawValue)) }))
        case .resolve(let target, let targetType, let delimiter):
            switch JobSubmission(context: context).resolve(target, type: targetType, delimiter: delimiter) {
            case .success(let minions): reply(PublishReply(jid: nil, minions: minions, error: nil).body)
            case .failure(let why): reply(PublishReply.refused(why.message).body)
            }
        case .unwatch:
            channel.unwatch(identity)
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
        context.keysRemoved(removed, rotate: rotate)
    }
}
