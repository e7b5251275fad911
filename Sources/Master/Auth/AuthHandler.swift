import BrineCore
import Logging
import MessagePack
import SaltWire

/// Decides a minion's `_auth` from the pki dir, following Salt's table: pending keys wait, rejected and
/// mismatched keys are refused, accepted keys get the AES key and a session key.
struct AuthHandler {
    let context: MasterContext
    let events: EventBuffer

    func handle(_ request: AuthRequest) throws -> MessagePackValue {
        let logger = context.logger
        let id = request.id
        guard let encryption = OAEPHash(rawValue: request.encryption) else {
            logger.warning("auth from \(id): unsupported enc_algo \(request.encryption)")
            return AuthReply.refusal(.badEncryption)
        }
        guard let signing = SignatureHash(rawValue: request.signing) else {
            logger.warning("auth from \(id): unsupported sig_algo \(request.signing)")
            return AuthReply.refusal(.badSigning)
        }
        func signed(_ verdict: AuthReply.Verdict) throws -> MessagePackValue {
            try AuthReply.signed(verdict, nonce: request.nonce, masterKey: context.masterKey, signing: signing)
        }
        do {
            try MinionID.validate(id)
        } catch {
            logger.error("auth refused: \(error)")
            return try signed(.rejected)
        }
        guard let pem = request.publicKeyPEM, let minionKey = try? RSAPublicKey(pem: pem) else {
            logger.error("auth from \(id) refused: the public key is missing or not a valid RSA key")
            return try signed(.rejected)
        }
        let offered = KeyStore.clean(pem)
        switch try decide(id: id, offered: offered) {
        case .refuse(let act, let verdict):
            events.fire(Event(.auth, data: ["result": false, "act": .text(act), "id": .text(id), "pub": .text(offered)]))
            return try signed(verdict)
        case .pend:
            events.fire(Event(.auth, data: ["result": true, "act": "pend", "id": .text(id), "pub": .text(offered)]))
            return try signed(.pending)
        case .accept:
            break
        }
        events.fire(Event(.auth, data: ["result": true, "act": "accept", "id": .text(id), "pub": .text(offered)]))
        let inner = try AuthReply.success(
            aesKey: context.aes.keyString,
            sessionKey: context.sessions.session(for: id).keyString,
            publishPort: context.config.publishPort,
            masterKey: context.masterKey,
            minionKey: minionKey,
            requestToken: request.token,
            nonce: request.nonce,
            encryption: encryption
        )
        logger.info("authenticated minion \(id)")
        return try AuthReply.signed(inner, masterKey: context.masterKey, signing: signing)
    }

    private enum Decision {
        case accept
        case pend
        case refuse(act: String, verdict: AuthReply.Verdict)
    }

    private func decide(id: String, offered: String) throws -> Decision {
        let keys = context.keys
        let config = context.config
        let logger = context.logger
        if config.openMode {
            if keys.state(of: id) != .accepted { audit(accepted: id, by: "open_mode") }
            try keys.store(id, pem: offered, in: .accepted)
            return .accept
        }
        let state = keys.state(of: id)
        if config.maxMinions > 0, state != .accepted, keys.ids(.accepted).count >= config.maxMinions {
            logger.warning("auth from \(id) refused: max_minions (\(config.maxMinions)) reached")
            return .refuse(act: "full", verdict: .full)
        }
        switch state {
        case .rejected?:
            logger.info("auth from \(id) refused: its key is rejected")
            return .refuse(act: "reject", verdict: .rejected)
        case .accepted?:
            if try keys.storedPEM(id, .accepted) == offered { return .accept }
            logger.error("auth from \(id) refused: the key differs from the accepted one; stored in minions_denied")
            try keys.store(id, pem: offered, in: .denied)
            return .refuse(act: "denied", verdict: .rejected)
        case .pending?:
            guard try keys.storedPEM(id, .pending) == offered else {
                logger.error("auth from \(id) refused: the key differs from the pending one; stored in minions_denied")
                try keys.store(id, pem: offered, in: .denied)
                return .refuse(act: "denied", verdict: .rejected)
            }
            if config.autoAccept {
                try keys.move(id, from: .pending, to: .accepted)
                audit(accepted: id, by: "auto_accept")
                return .accept
            }
            return .pend
        case .denied?, nil:
            if config.autoAccept {
                try keys.store(id, pem: offered, in: .accepted)
                logger.info("auto-accepted the key of \(id)")
                audit(accepted: id, by: "auto_accept")
                return .accept
            }
            try keys.store(id, pem: offered, in: .pending)
            logger.info("new minion key from \(id) is pending: accept it with brine-key -a \(id)")
            return .pend
        }
    }

    /// A key the master accepted on its own, for the audit trail (brine-key records the operators').
    private func audit(accepted id: String, by option: String) {
        do {
            try context.audit.record("key", [MessagePackPair("action", "accept"), MessagePackPair("id", .text(id)), MessagePackPair("by", .text(option))])
        } catch {
            context.logger.error("audit_log: \(error)")
        }
    }
}
