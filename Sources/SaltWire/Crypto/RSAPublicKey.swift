import COpenSSL

/// An RSA public key: a minion's `minion.pub` as accepted by the master, or the master key a
/// minion pinned in `minion_master.pub`.
///
/// Wraps one `EVP_PKEY` (backed by a legacy `RSA*`, see `init(adoptingRSA:)`), freed in
/// `deinit`. Immutable after init and every operation uses its own `EVP_PKEY_CTX`; the one-time
/// export to OpenSSL's provider on first use is cached under the key's own lock. Hence
/// `@unchecked Sendable`: one instance can be cached per minion and shared by all workers.
public final class RSAPublicKey: @unchecked Sendable {
    let pkey: OpaquePointer
    /// Legacy view for X9.31 recovery, fetched once at init; owned by `pkey`.
    let rsa: OpaquePointer
    /// SubjectPublicKeyInfo PEM with a trailing newline: Salt's `.pub` file format. Canonical
    /// (re-encoded from the parsed key, 64-column base64) whatever the input looked like, so it
    /// is also the form to write to disk.
    public let pem: String
    /// Size of the modulus in bytes (256 for 2048-bit).
    public let modulusBytes: Int

    private init(pkey: OpaquePointer, rsa: OpaquePointer, pem: String) {
        self.pkey = pkey
        self.rsa = rsa
        self.pem = pem
        self.modulusBytes = Int(EVP_PKEY_get_size(pkey))
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    /// Wraps a parsed legacy `RSA*` (taking ownership) in an `EVP_PKEY` and renders its PEM.
    ///
    /// Public keys deliberately go through the legacy `d2i_RSA_*`/`i2d_RSA_PUBKEY` codecs: OpenSSL
    /// 3's generic decoder and encoder cost ~80 µs and ~60 µs per key, against ~1 µs here, and a
    /// master parses a minion key for every token check it cannot serve from a cache.
    private convenience init(adoptingRSA rsa: OpaquePointer) throws {
        guard let pkey = EVP_PKEY_new() else {
            RSA_free(rsa)
            throw LibCrypto.failure("EVP_PKEY_new")
        }
        // set1 takes its own reference; ours is dropped right after either way.
        let assigned = EVP_PKEY_set1_RSA(pkey, rsa)
        RSA_free(rsa)
        let pem: String
        do {
            guard assigned == 1, let owned = EVP_PKEY_get0_RSA(pkey) else {
                throw LibCrypto.failure("EVP_PKEY_set1_RSA")
            }
            guard RSA_bits(owned) >= 512 else {
                throw CryptoError.invalidKey("RSA modulus of \(RSA_bits(owned)) bits")
            }
            var buffer: UnsafeMutablePointer<UInt8>?
            let length = i2d_RSA_PUBKEY(owned, &buffer)
            guard length > 0, let buffer else { throw LibCrypto.failure("i2d_RSA_PUBKEY") }
            let der = Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
            brine_openssl_free(buffer)
            pem = LibCrypto.pem(label: "PUBLIC KEY", der: der)
            self.init(pkey: pkey, rsa: owned, pem: pem)
        } catch {
            EVP_PKEY_free(pkey)
            throw error
        }
    }

    /// Parses `BEGIN PUBLIC KEY` (SPKI, what Salt writes and sends) or `BEGIN RSA PUBLIC KEY`
    /// (PKCS#1, found in keys made by very old Salt/M2Crypto). Surrounding whitespace and
    /// `\r\n` line endings are tolerated, since keys arrive from files and over the wire. So is a
    /// missing final newline, which is how Salt sends and stores keys (`clean_key`) but which
    /// OpenSSL's PEM reader refuses on its own.
    public convenience init(pem: String) throws {
        let (label, der) = try LibCrypto.withReadBIO(LibCrypto.pemBytes(pem)) { bio -> (String, [UInt8]) in
            var name: UnsafeMutablePointer<CChar>?
            var header: UnsafeMutablePointer<CChar>?
            var data: UnsafeMutablePointer<UInt8>?
            var length = 0
            defer {
                brine_openssl_free(name)
                brine_openssl_free(header)
                brine_openssl_free(data)
            }
            guard PEM_read_bio(bio, &name, &header, &data, &length) == 1, let name, let data else {
                throw CryptoError.invalidKey("no PEM block found: \(LibCrypto.drainErrors())")
            }
            return (String(cString: name), Array(UnsafeBufferPointer(start: data, count: length)))
        }
        let rsa: OpaquePointer?
        switch label {
        case "PUBLIC KEY":
            rsa = Self.decode(der) { d2i_RSA_PUBKEY(nil, $0, $1) }
        case "RSA PUBLIC KEY":
            rsa = Self.decode(der) { d2i_RSAPublicKey(nil, $0, $1) }
        default:
            throw CryptoError.invalidKey("unexpected PEM block \"\(label)\"")
        }
        guard let rsa else {
            throw CryptoError.invalidKey("cannot parse \(label): \(LibCrypto.drainErrors())")
        }
        try self.init(adoptingRSA: rsa)
    }

    /// The public half of a private key's legacy `RSA*`, copied so the result owns an
    /// independent public-only key.
    convenience init(publicHalfOf privateRSA: OpaquePointer) throws {
        guard let rsa = RSAPublicKey_dup(privateRSA) else { throw LibCrypto.failure("RSAPublicKey_dup") }
        try self.init(adoptingRSA: rsa)
    }

    /// Runs a `d2i_*` parser over the whole buffer; rejects trailing bytes after the structure.
    private static func decode(
        _ der: [UInt8],
        _ parse: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?
    ) -> OpaquePointer? {
        der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            guard let parsed = parse(&cursor, buffer.count) else { return nil }
            guard let base = buffer.baseAddress, cursor == base + buffer.count else {
                RSA_free(parsed)
                return nil
            }
            return parsed
        }
    }

    /// The key as Salt's `clean_key()` renders it for the `pub`/`pub_key` wire fields and for
    /// the accepted-key file: stripped, `\n` line endings, no trailing newline.
    public var cleanPEM: String {
        Self.cleanKey(pem)
    }

    /// RSA-OAEP encryption, used to seal the AES/session key strings and the token for one minion.
    /// At most `modulusBytes - 2 * hashLength - 2` bytes fit (214 for 2048-bit with SHA-1).
    public func encryptOAEP(_ plaintext: [UInt8], hash: OAEPHash = .sha1) throws -> [UInt8] {
        let limit = modulusBytes - 2 * hash.digest.size - 2
        guard plaintext.count <= limit else {
            throw CryptoError.invalidLength("OAEP plaintext of \(plaintext.count) bytes exceeds \(limit)")
        }
        let md = hash.digest.md
        return try LibCrypto.withPKeyContext(pkey) { ctx in
            guard EVP_PKEY_encrypt_init(ctx) == 1,
                EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) == 1
            else {
                throw LibCrypto.failure("RSA-OAEP encrypt setup")
            }
            var length = modulusBytes
            var ciphertext = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_encrypt(ctx, &ciphertext, &length, plaintext, plaintext.count) == 1 else {
                throw LibCrypto.failure("EVP_PKEY_encrypt")
            }
            ciphertext.removeSubrange(length...)
            return ciphertext
        }
    }

    /// Checks a PKCS#1 v1.5 signature over `message` (hashed with SHA-1/SHA-224 here). Returns a
    /// plain Bool because every caller treats "malformed" and "wrong" signatures alike.
    public func verify(signature: [UInt8], message: [UInt8], hash: SignatureHash = .sha1) -> Bool {
        let digest = hash.digest.hash(message)
        let valid = (try? LibCrypto.withPKeyContext(pkey) { ctx -> Bool in
            guard EVP_PKEY_verify_init(ctx) == 1,
                EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1,
                EVP_PKEY_CTX_set_signature_md(ctx, hash.digest.md) == 1
            else {
                return false
            }
            return EVP_PKEY_verify(ctx, signature, signature.count, digest, digest.count) == 1
        }) ?? false
        if !valid { LibCrypto.clearErrors() }
        return valid
    }
}
