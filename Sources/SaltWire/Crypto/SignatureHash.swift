/// The RSA PKCS#1 v1.5 signature variants Salt negotiates through `sig_algo`.
///
/// The raw values are Salt's wire names (`sig_algo`, `publish_signing_algorithm`), so an unknown
/// name fails `init?(rawValue:)`, matching Salt's `"bad sig algo"` reply.
public enum SignatureHash: String, Sendable, CaseIterable {
    case sha1 = "PKCS1v15-SHA1"
    case sha224 = "PKCS1v15-SHA224"

    var digest: DigestAlgorithm {
        switch self {
        case .sha1: return .sha1
        case .sha224: return .sha224
        }
    }
}
