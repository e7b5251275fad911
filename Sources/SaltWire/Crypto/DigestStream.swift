import COpenSSL

/// A hash fed in pieces, by the names Python's `hashlib` uses (`md5`, `sha1`, `sha224`, `sha256`,
/// `sha384`, `sha512`): what `file.get_hash` needs for files too large to read at once, and what
/// lets a minion hash with whichever algorithm a caller names.
public final class DigestStream {
    private let context: OpaquePointer

    /// nil when `algorithm` is not one of the names above.
    public init?(algorithm: String) {
        let names = ["md5": "MD5", "sha1": "SHA1", "sha224": "SHA224", "sha256": "SHA256", "sha384": "SHA384", "sha512": "SHA512"]
        guard let name = names[algorithm.lowercased()], let md = EVP_MD_fetch(nil, name, nil) else { return nil }
        defer { EVP_MD_free(md) }
        guard let context = EVP_MD_CTX_new() else { return nil }
        guard EVP_DigestInit_ex2(context, md, nil) == 1 else {
            EVP_MD_CTX_free(context)
            LibCrypto.clearErrors()
            return nil
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far; the stream is spent afterwards.
    public func finish() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &out, &length)
        return Array(out.prefix(Int(length)))
    }
}
