/// Why a message from the other side was refused. Every case ends up as one clear log line and,
/// on the master, Salt's `"bad load"` reply, so the peer re-authenticates instead of hanging.
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case missingField(String)
    case unsupportedVersion(Int)
    case invalidID(String)
    case noSession(String)
    case decryptionFailed(String)
    case nonceMismatch
    case badToken(String)
    case badSignature(String)
    case masterKeyChanged
    case replayed(serial: Int)
    /// The master answered `"bad load"`: it lost this minion's session (a restart) or refused the request.
    case badLoad

    public var description: String {
        switch self {
        case .malformed(let why): return "malformed message: \(why)"
        case .missingField(let name): return "message lacks the field '\(name)'"
        case .unsupportedVersion(let version): return "protocol version \(version) is below the minimum of 3"
        case .invalidID(let why): return why
        case .noSession(let id): return "no session key for minion '\(id)' (master restarted or session rotated)"
        case .decryptionFailed(let why): return "decryption failed: \(why)"
        case .nonceMismatch: return "reply nonce does not match the request"
        case .badToken(let id): return "token of minion '\(id)' does not verify against its accepted key"
        case .badSignature(let what): return "bad signature on \(what)"
        case .masterKeyChanged: return "the master's public key differs from the pinned minion_master.pub; remove that file if the change is intended"
        case .replayed(let serial): return "publication serial \(serial) is not newer than the last one seen"
        case .badLoad: return "the master answered 'bad load' (it has no session for this minion, or refused the request)"
        }
    }
}
