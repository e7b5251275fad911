/// The RSA-OAEP variants Salt negotiates through the `enc_algo` field.
///
/// The raw values are Salt's wire names, so `OAEPHash(rawValue: load["enc_algo"])` returning nil is
/// exactly the case where a Salt master answers `"bad enc algo"`. OAEP hash and MGF1 hash are the
/// same digest; the label is empty.
public enum OAEPHash: String, Sendable, CaseIterable {
    case sha1 = "OAEP-SHA1"
    case sha224 = "OAEP-SHA224"

    var digest: DigestAlgorithm {
        switch self {
        case .sha1: return .sha1
        case .sha224: return .sha224
        }
    }
}
