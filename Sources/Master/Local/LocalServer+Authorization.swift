import BrineCore
import Logging
import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// Who may do what on the master's socket, and the audit line of each publication. The caller is
/// who the kernel says (`PeerCredentials`); `publisher_acl` decides publications, and only root or
/// the master's own user may tell the master about key changes.
extension LocalServer {
    /// Salt's answer to a call the ACL refuses.
    static let authorizationError = "Authorization error occurred."

    func caller(_ peer: PeerCredentials) -> PublisherACL.Caller {
        PublisherACL.Caller(user: peer.user, groups: peer.groups, isPrivileged: peer.uid == 0 || peer.uid == geteuid())
    }

    /// Whether `peer` may send `command` at all; publications are further decided per job.
    func permits(_ command: LocalCommand, from peer: PeerCredentials?) -> Bool {
        guard let peer else {
            context.logger.error("local server: a command came without the sender's credentials; refused")
            return false
        }
        let caller = caller(peer)
        switch command {
        case .ping, .unwatch: return true
        case .keysChanged: return caller.isPrivileged
        case .publish, .resolve, .presence: return context.acl.hasAnyRights(caller)
        }
    }

    /// The refusal text for `request` on `minions`, or nil when `peer` may publish it. A refusal is
    /// logged and audited.
    func refusal(of request: PublishRequest, minions: [String], peer: PeerCredentials) -> String? {
        let functions = request.function.arrayValue?.compactMap(\.stringValue) ?? [request.function.stringValue ?? ""]
        let decision = context.acl.decide(caller(peer), functions: functions, minions: minions) { expression in
            let resolved = JobSubmission(context: context).resolve(.text(expression), type: "compound", delimiter: ":")
            return Set((try? resolved.get()) ?? [])
        }
        guard case .refused(let why) = decision else { return nil }
        context.logger.warning("refused a publication from \(peer.user) (uid \(peer.uid), pid \(peer.pid)): \(why)")
        audit("publish_refused", request, peer: peer, extra: [MessagePackPair("minions", .int(Int64(minions.count))), MessagePackPair("reason", .text(why))])
        return Self.authorizationError
    }

    /// A refused command other than a publication: logged, and answered with Salt's words.
    func refuse(_ command: LocalCommand, from peer: PeerCredentials?) -> LocalMessage {
        context.logger.warning("refused a local command from \(peer.map { "\($0.user) (uid \($0.uid))" } ?? "an unknown sender"): \(command.name)")
        return .failure(Self.authorizationError)
    }

    func auditPublication(_ job: JobSubmission.Accepted, _ request: PublishRequest, peer: PeerCredentials) {
        audit("publish", request, peer: peer, extra: [
            MessagePackPair("jid", .text(job.publication.jid)), MessagePackPair("minions", .int(Int64(job.minions.count))),
        ])
    }

    private func audit(_ event: String, _ request: PublishRequest, peer: PeerCredentials, extra: [MessagePackPair]) {
        do {
            try context.audit.record(event, AuditLog.caller(uid: peer.uid) + [
                MessagePackPair("tgt", request.target), MessagePackPair("tgt_type", .text(request.targetType)),
                MessagePackPair("fun", request.function), MessagePackPair("arg", .array(context.audit.redacted(request.arguments))),
            ] + extra)
        } catch {
            context.logger.error("audit_log: \(error)")
        }
    }
}

extension LocalCommand {
    var name: String {
        switch self {
        case .publish: return "publish"
        case .resolve: return "resolve"
        case .presence: return "presence"
        case .unwatch: return "unwatch"
        case .keysChanged: return "keys_changed"
        case .ping: return "ping"
        }
    }
}
