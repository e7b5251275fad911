import COpenSSL

/// An RSA private key (master `master.pem` or minion `minion.pem`).
///
/// Wraps one `EVP_PKEY`, freed in `deinit`. `@unchecked Sendable` is sound because the key is
/// never mutated after init and every operation builds its own `EVP_PKEY_CTX`; OpenSSL 3 makes
/// concurrent operations on one `EVP_PKEY` (including legacy `RSA*` blinding) thread-safe.
public final class RSAPrivateKey: @unchecked Sendable {
    let pkey: OpaquePointer
    /// Legacy view of the key for the X9.31 calls, fetched once at init because the first
    /// `EVP_PKEY_get0_RSA` call populates a cache inside the `EVP_PKEY`. Owned by `pkey`.
    let rsa: OpaquePointer
    /// The matching public key, derived once so callers can send or fingerprint it cheaply.
    public let publicKey: RSAPublicKey
    /// Size of the modulus in bytes (256 for 2048-bit): the length of every signature and
    /// ciphertext this key produces or accepts.
    public let modulusBytes: Int

    private init(pkey: OpaquePointer, rsa: OpaquePointer, publicKey: RSAPublicKey) {
        self.pkey = pkey
        self.rsa = rsa
        self.publicKey = publicKey
        self.modulusBytes = Int(EVP_PKEY_get_size(pkey))
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    /// Takes ownership of `pkey` (freeing it on failure) and checks that it is plain RSA.
    private convenience init(adopting pkey: OpaquePointer) throws {
        let rsa: OpaquePointer
        let publicKey: RSAPublicKey
        do {
            guard EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA else {
                throw CryptoError.invalidKey("not an RSA private key")
            }
            guard let legacy = EVP_PKEY_get0_RSA(pkey) else {
                throw LibCrypto.failure("EVP_PKEY_get0_RSA")
            }
            rsa = legacy
            publicKey = try RSAPublicKey(publicHalfOf: legacy)
        } catch {
            EVP_PKEY_free(pkey)
            throw error
        }
        self.init(pkey: pkey, rsa: rsa, publicKey: publicKey)
    }

    /// Parses an unencrypted PEM private key: PKCS#1 (`BEGIN RSA PRIVATE KEY`, what Salt writes)
    /// or PKCS#8 (`BEGIN PRIVATE KEY`, what Salt writes under FIPS). Encrypted keys are refused
    /// instead of letting OpenSSL prompt for a passphrase on the terminal. A missing final
    /// newline is tolerated.
    public convenience init(pem: String) throws {
        let pkey = try LibCrypto.withReadBIO(LibCrypto.pemBytes(pem)) { bio -> OpaquePointer in
            guard let key = PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil) else {
                throw CryptoError.invalidKey("cannot parse PEM private key: \(LibCrypto.drainErrors())")
            }
            return key
        }
        LibCrypto.clearErrors()  // decoders leave probe failures behind even on success
        try self.init(adopting: pkey)
    }

    /// Generates a new key with e = 65537, as Salt's `gen_keys` (2048 bits by default).
    public static func generate(bits: Int = 2048) throws -> RSAPrivateKey {
        guard bits >= 1024, bits <= 16384 else {
            throw CryptoError.invalidLength("RSA key size \(bits) bits")
        }
        guard let pkey = brine_rsa_generate(Int32(bits)) else {
            throw LibCrypto.failure("RSA key generation")
        }
        return try RSAPrivateKey(adopting: pkey)
    }

    /// Salt's on-disk private key format: PKCS#1 "TraditionalOpenSSL" PEM with a trailing newline.
    public var pkcs1PEM: String {
        do {
            let bytes = try LibCrypto.collectBIO("PEM_write_bio_PrivateKey_traditional") { bio in
                PEM_write_bio_PrivateKey_traditional(bio, pkey, nil, nil, 0, nil, nil)
            }
            return String(decoding: bytes, as: UTF8.self)
        } catch {
            // Serialising a key we already hold only fails on allocation failure.
            fatalError("cannot serialise RSA private key: \(error)")
        }
    }

    /// RSA-OAEP decryption of `aes`, `session` and `token` fields sealed for this key.
    ///
    /// Every failure is reported as `.decryptFailed` with no detail, so a peer cannot use error
    /// differences as a padding oracle.
    public func decryptOAEP(_ ciphertext: [UInt8], hash: OAEPHash = .sha1) throws -> [UInt8] {
        let md = hash.digest.md
        let result: [UInt8]? = try LibCrypto.withPKeyContext(pkey) { ctx in
            guard EVP_PKEY_decrypt_init(ctx) == 1,
                EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) == 1
            else {
                throw LibCrypto.failure("RSA-OAEP decrypt setup")
            }
            var length = modulusBytes
            var plain = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_decrypt(ctx, &plain, &length, ciphertext, ciphertext.count) == 1 else {
                return nil
            }
            plain.removeSubrange(length...)
            return plain
        }
        guard let result else {
            LibCrypto.clearErrors()
            throw CryptoError.decryptFailed
        }
        return result
    }

    /// PKCS#1 v1.5 signature over the SHA-1/SHA-224 hash of `message`: the `sig` of signed auth
    /// replies, publications and pillar payloads. Deterministic, so equal inputs give equal bytes.
    public func sign(_ message: [UInt8], hash: SignatureHash = .sha1) throws -> [UInt8] {
        let digest = hash.digest.hash(message)
        return try LibCrypto.withPKeyContext(pkey) { ctx in
            guard EVP_PKEY_sign_init(ctx) == 1,
                EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1,
                EVP_PKEY_CTX_set_signature_md(ctx, hash.digest.md) == 1
            else {
                throw LibCrypto.failure("RSA sign setup")
            }
            var length = modulusBytes
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_sign(ctx, &signature, &length, digest, digest.count) == 1 else {
                throw LibCrypto.failure("EVP_PKEY_sign")
            }
            signature.removeSubrange(length...)
            return signature
        }
    }
}
