import COpenSSL

extension Digest {
    /// HMAC-SHA256 (RFC 2104), the MAC of Salt's Crypticle.
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: DigestAlgorithm.sha256.size) { out, count in
            key.withUnsafeBytes { key in
                data.withUnsafeBytes { data in
                    hmacSHA256(key: key, data: data, into: UnsafeMutableRawBufferPointer(out))
                }
            }
            count = DigestAlgorithm.sha256.size
        }
    }

    /// Writes HMAC-SHA256(key, data) into the first 32 bytes of `out`, so Crypticle can MAC a slice
    /// of its output buffer in place.
    ///
    /// Built from two SHA-256 passes over the pre-fetched `EVP_MD` instead of `EVP_MAC`: passing the
    /// digest name to `EVP_MAC_init` makes OpenSSL re-fetch SHA-256 (a locked provider lookup) on
    /// every message, and an HMAC context cannot be duplicated before it has a key.
    static func hmacSHA256(
        key: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer
    ) {
        precondition(out.count >= 32, "HMAC-SHA256 output buffer too small")
        let blockSize = DigestAlgorithm.sha256BlockSize
        let md = DigestAlgorithm.sha256.md
        guard let ctx = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(ctx) }

        func check(_ result: Int32) {
            if result != 1 { fatalError("SHA-256 failed: \(LibCrypto.drainErrors())") }
        }

        // Keys longer than a block are hashed first; the rest is zero padding (RFC 2104 §2).
        var block = [UInt8](repeating: 0, count: blockSize)
        if key.count > blockSize {
            let hashed = DigestAlgorithm.sha256.hash(key)
            block.replaceSubrange(0..<hashed.count, with: hashed)
        } else if key.count > 0 {
            block.withUnsafeMutableBytes { $0.copyMemory(from: key) }
        }

        var inner = [UInt8](repeating: 0, count: 32)
        var innerLength: UInt32 = 0
        for index in 0..<blockSize { block[index] ^= 0x36 }
        check(EVP_DigestInit_ex2(ctx, md, nil))
        check(EVP_DigestUpdate(ctx, block, blockSize))
        check(EVP_DigestUpdate(ctx, data.baseAddress, data.count))
        check(EVP_DigestFinal_ex(ctx, &inner, &innerLength))

        // 0x36 ^ 0x6A == 0x5C: turn the inner pad into the outer pad without keeping the key twice.
        for index in 0..<blockSize { block[index] ^= 0x6A }
        var outerLength: UInt32 = 0
        check(EVP_DigestInit_ex2(ctx, md, nil))
        check(EVP_DigestUpdate(ctx, block, blockSize))
        check(EVP_DigestUpdate(ctx, inner, Int(innerLength)))
        check(EVP_DigestFinal_ex(ctx, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &outerLength))
        OPENSSL_cleanse(&block, blockSize)
    }
}
