import COpenSSL

/// The hash functions the wire protocol needs, bound to their pre-fetched OpenSSL objects.
enum DigestAlgorithm: Sendable {
    case sha1
    case sha224
    case sha256

    /// The cached `EVP_MD`; see `LibCrypto.algorithms` for why it is fetched once.
    var md: OpaquePointer {
        switch self {
        case .sha1: return LibCrypto.algorithms.sha1
        case .sha224: return LibCrypto.algorithms.sha224
        case .sha256: return LibCrypto.algorithms.sha256
        }
    }

    var size: Int {
        switch self {
        case .sha1: return 20
        case .sha224: return 28
        case .sha256: return 32
        }
    }

    /// SHA-256 block size, needed by the HMAC construction.
    static let sha256BlockSize = 64

    func hash(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { hash($0) }
    }

    func hash(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: size) { out, count in
            var written: UInt32 = 0
            // EVP_Digest only fails on allocation failure or a broken provider.
            guard EVP_Digest(data.baseAddress, data.count, out.baseAddress, &written, md, nil) == 1,
                Int(written) == size
            else {
                fatalError("EVP_Digest failed: \(LibCrypto.drainErrors())")
            }
            count = size
        }
    }
}
