import BrineCore
import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// Everything the minion says to the master over 4506: `_auth`, then session-encrypted requests that
/// carry the id, a nonce, a timestamp and the token (`SessionRequest`). A `"bad load"` answer means the
/// master lost our session (restart, rotation): authenticate again and resend once.
final class MasterSession {
    enum Failure: Error, CustomStringConvertible {
        case noReply
        case notAuthenticated(String)

        var description: String {
            switch self {
            case .noReply: return "the master did not answer"
            case .notAuthenticated(let why): return "not authenticated: \(why)"
            }
        }
    }

    let id: String
    let link: MasterLink
    let key: RSAPrivateKey
    let keyFiles: MinionKeyFiles
    let config: MinionConfig
    private let token: [UInt8]
    private let encryption: OAEPHash
    private let signing: SignatureHash
    private(set) var credentials: AuthCredentials?
    /// Successful `_auth` exchanges so far: a new one means the minion (re)connected, and what it holds
    /// for the master goes out at once.
    private(set) var authentications = 0
    /// Told each new session, so the job threads' conversations (`MasterChannel`) use it too.
    var onAuthenticated: ((AuthCredentials) -> Void)?

    init(id: String, link: MasterLink, key: RSAPrivateKey, keyFiles: MinionKeyFiles, config: MinionConfig) throws {
        self.id = id
        self.link = link
        self.key = key
        self.keyFiles = keyFiles
        self.config = config
        token = try MinionToken.make(key)
        encryption = OAEPHash(rawValue: config.encryptionAlgorithm) ?? .sha1
        signing = SignatureHash(rawValue: config.signingAlgorithm) ?? .sha1
    }

    /// One `_auth` exchange. Pins the master key on first success, once it has the fingerprint
    /// `master_finger` names (`MasterFingerMismatch` otherwise).
    func authenticate() throws -> AuthOutcome {
        let nonce = Nonce.make()
        let authToken = Crypticle.generateKeyString()
        let pinned = keyFiles.pinnedMasterKey()
        let request = try AuthRequest.make(
            id: id, minionKey: key, masterKey: pinned, token: authToken, nonce: nonce,
            encryption: encryption, signing: signing)
        guard let reply = try link.request(MessagePack.encode(request), timeout: config.authTimeout) else {
            throw Failure.noReply
        }
        let outcome = try AuthReply.open(
            try MessagePack.decode(reply), nonce: nonce, token: authToken, minionKey: key,
            pinnedMasterKey: pinned, encryption: encryption, signing: signing)
        if case .accepted(let credentials) = outcome {
            try MasterFingerMismatch.check(credentials.masterKey.fingerprint(), against: config.masterFinger)
            if pinned == nil { try keyFiles.pin(credentials.masterKey) }
            self.credentials = credentials
            authentications += 1
            onAuthenticated?(credentials)
        }
        return outcome
    }

    /// Takes the session another thread's `_auth` opened.
    func adopt(_ credentials: AuthCredentials) {
        self.credentials = credentials
    }

    /// Sends a session-encrypted command and returns the master's answer.
    func send(_ load: MessagePackValue, timeout: Double) throws -> MessagePackValue {
        do {
            return try sendOnce(load, timeout: timeout)
        } catch WireError.badLoad {
            guard case .accepted = try authenticate() else { throw Failure.notAuthenticated("re-authentication was refused") }
            return try sendOnce(load, timeout: timeout)
        }
    }

    private func sendOnce(_ command: MessagePackValue, timeout: Double) throws -> MessagePackValue {
        guard let credentials else { throw Failure.notAuthenticated("no session yet") }
        let nonce = Nonce.make()
        let frame = SessionRequest.seal(
            command, id: id, nonce: nonce, time: Int64(time(nil)), token: token, session: credentials.session,
            encryption: encryption, signing: signing)
        guard let reply = try link.request(frame, timeout: timeout) else { throw Failure.noReply }
        return try SessionReply.open(
            reply, nonce: nonce, credentials: credentials, minionKey: key, encryption: encryption, signing: signing)
    }
}
