import COpenSSL
import PythonRules

/// Salt's symmetric layer: AES-192-CBC + HMAC-SHA256, encrypt-then-MAC, key string = base64 of
/// 56 random bytes (24 AES + 32 HMAC).
///
/// Publications use the master's AES key, 4506 traffic the per-minion session key, and pillar
/// replies a one-off key; all three are this same construction. The key travels as its base64
/// string (inside RSA-OAEP), which is why the string, not the raw bytes, is the identity here.
/// Stateless and `Sendable`: every call builds its own OpenSSL context, so one instance can be
/// shared by all worker threads.
public struct Crypticle: Sendable {
    /// AES key length for Salt's default `key_size=192`.
    static let aesKeyLength = 24
    static let hmacKeyLength = 32
    static let blockSize = 16
    static let macLength = 32
    /// IV + one cipher block + MAC: the shortest frame Salt can produce (empty plaintext).
    static let minimumFrameLength = blockSize + blockSize + macLength

    /// The base64 text Salt generates, stores in session files and sends wrapped in RSA-OAEP.
    public let keyString: String
    private let aesKey: [UInt8]
    private let hmacKey: [UInt8]

    /// Accepts only a base64 string decoding to exactly 56 bytes, which is what Salt asserts.
    public init(keyString: String) throws {
        guard let raw = Base64.decode(keyString) else {
            throw CryptoError.invalidKey("Crypticle key string is not valid base64")
        }
        guard raw.count == Self.aesKeyLength + Self.hmacKeyLength else {
            throw CryptoError.invalidLength(
                "Crypticle key must decode to \(Self.aesKeyLength + Self.hmacKeyLength) bytes, got \(raw.count)")
        }
        self.keyString = keyString
        self.aesKey = Array(raw[0..<Self.aesKeyLength])
        self.hmacKey = Array(raw[Self.aesKeyLength...])
    }

    /// A fresh 76-character key string (base64 of 56 random bytes), as Salt's `generate_key_string`.
    public static func generateKeyString() -> String {
        Base64.encode(SecureRandom.bytes(aesKeyLength + hmacKeyLength))
    }

    /// `iv(16) || AES-192-CBC(PKCS#7(plaintext)) || HMAC-SHA256(iv || ct)`, built in one buffer.
    ///
    /// Does not throw: with a validated key the only possible failures are allocation or a broken
    /// OpenSSL, which are not recoverable anyway.
    public func encrypt(_ plaintext: [UInt8]) -> [UInt8] {
        let bs = Self.blockSize
        let cipherLength = (plaintext.count / bs + 1) * bs  // PKCS#7 always adds 1...16 bytes
        let total = bs + cipherLength + Self.macLength
        return [UInt8](unsafeUninitializedCapacity: total) { out, count in
            let raw = UnsafeMutableRawBufferPointer(out)
            SecureRandom.fill(UnsafeMutableRawBufferPointer(rebasing: raw[0..<bs]))
            let written = runCipher(
                encrypt: true, iv: UnsafeRawBufferPointer(rebasing: raw[0..<bs]),
                input: plaintext, output: out.baseAddress! + bs)
            precondition(written == cipherLength, "AES-CBC produced \(written) bytes, expected \(cipherLength)")
            hmacKey.withUnsafeBytes { key in
                Digest.hmacSHA256(
                    key: key, data: UnsafeRawBufferPointer(rebasing: raw[0..<(bs + cipherLength)]),
                    into: UnsafeMutableRawBufferPointer(rebasing: raw[(bs + cipherLength)...]))
            }
            count = total
        }
    }

    /// Verifies the MAC (constant time) before touching the ciphertext, then decrypts.
    ///
    /// Throws `.macMismatch` on a wrong key or tampering (Salt's `AuthenticationError`, which
    /// triggers a re-auth), `.invalidLength` for a frame no Crypticle could have produced, and
    /// `.decryptFailed` if the authenticated plaintext has an impossible padding byte.
    public func decrypt(_ data: [UInt8]) throws -> [UInt8] {
        let bs = Self.blockSize
        guard data.count >= Self.minimumFrameLength, (data.count - Self.macLength) % bs == 0 else {
            throw CryptoError.invalidLength("Crypticle frame of \(data.count) bytes")
        }
        let signedLength = data.count - Self.macLength
        let cipherLength = signedLength - bs
        return try data.withUnsafeBytes { frame in
            var expected = [UInt8](repeating: 0, count: Self.macLength)
            hmacKey.withUnsafeBytes { key in
                expected.withUnsafeMutableBytes { mac in
                    Digest.hmacSHA256(
                        key: key, data: UnsafeRawBufferPointer(rebasing: frame[0..<signedLength]), into: mac)
                }
            }
            let same = expected.withUnsafeBytes { mac in
                CRYPTO_memcmp(mac.baseAddress, frame.baseAddress! + signedLength, Self.macLength)
            }
            guard same == 0 else { throw CryptoError.macMismatch }

            var plain = [UInt8](unsafeUninitializedCapacity: cipherLength) { out, count in
                count = runCipher(
                    encrypt: false, iv: UnsafeRawBufferPointer(rebasing: frame[0..<bs]),
                    input: UnsafeRawBufferPointer(rebasing: frame[bs..<signedLength]),
                    output: out.baseAddress!)
            }
            // Salt strips `data[-1]` bytes without checking them; we at least refuse values that
            // PKCS#7 cannot produce instead of returning a silently truncated message.
            guard plain.count == cipherLength, let pad = plain.last, pad >= 1, Int(pad) <= bs else {
                throw CryptoError.decryptFailed
            }
            plain.removeLast(Int(pad))
            return plain
        }
    }

    /// One AES-192-CBC pass. Encryption lets OpenSSL add PKCS#7 padding; decryption disables it
    /// because Salt's unpadding rules (above) are applied by the caller.
    private func runCipher(
        encrypt: Bool, iv: UnsafeRawBufferPointer, input: [UInt8], output: UnsafeMutablePointer<UInt8>
    ) -> Int {
        input.withUnsafeBytes { runCipher(encrypt: encrypt, iv: iv, input: $0, output: output) }
    }

    private func runCipher(
        encrypt: Bool, iv: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer,
        output: UnsafeMutablePointer<UInt8>
    ) -> Int {
        guard let ctx = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let ivBytes = iv.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let ok = aesKey.withUnsafeBufferPointer { key in
            EVP_CipherInit_ex2(
                ctx, LibCrypto.algorithms.aes192CBC, key.baseAddress, ivBytes, encrypt ? 1 : 0, nil)
        }
        guard ok == 1 else { fatalError("EVP_CipherInit_ex2 failed: \(LibCrypto.drainErrors())") }
        if !encrypt { EVP_CIPHER_CTX_set_padding(ctx, 0) }

        var updateLength: Int32 = 0
        var finalLength: Int32 = 0
        let inputBytes = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard EVP_CipherUpdate(ctx, output, &updateLength, inputBytes, Int32(input.count)) == 1,
            EVP_CipherFinal_ex(ctx, output + Int(updateLength), &finalLength) == 1
        else {
            // Unreachable with padding off on whole blocks, or padding on for encryption.
            fatalError("AES-192-CBC failed: \(LibCrypto.drainErrors())")
        }
        return Int(updateLength + finalLength)
    }
}
