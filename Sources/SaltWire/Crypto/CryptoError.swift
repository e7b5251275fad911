/// Every failure of the crypto layer.
///
/// The cases are coarse on purpose: callers only need to tell "this peer's data is bad, re-auth or
/// reply `bad load`" from "this key is unusable", and decryption failures must not reveal which
/// check failed (padding oracles).
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A PEM/DER key could not be parsed, or it is not an RSA key.
    case invalidKey(String)
    /// RSA-OAEP decryption or AES-CBC decryption failed (wrong key, corrupt data, bad padding).
    case decryptFailed
    /// An X9.31 signature did not recover to a well-formed message.
    case badSignature
    /// A Crypticle message failed HMAC-SHA256 verification; Salt reacts to this by re-authenticating.
    case macMismatch
    /// Input had an impossible length (Crypticle frame, key string, message too long for the modulus).
    case invalidLength(String)
    /// Any other OpenSSL failure, with the drained `ERR_error_string` text.
    case openssl(String)

    public var description: String {
        switch self {
        case .invalidKey(let why): return "invalid RSA key: \(why)"
        case .decryptFailed: return "decryption failed"
        case .badSignature: return "bad signature"
        case .macMismatch: return "message authentication (HMAC-SHA256) failed"
        case .invalidLength(let why): return "invalid length: \(why)"
        case .openssl(let text): return "OpenSSL error: \(text)"
        }
    }
}
