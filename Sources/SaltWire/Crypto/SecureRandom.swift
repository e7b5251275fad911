import COpenSSL

/// Cryptographically secure random bytes for IVs, Crypticle keys and nonces.
///
/// Uses OpenSSL's DRBG (`RAND_bytes`), which is thread-safe and fork-safe in OpenSSL 3.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Fills `buffer` in place, so callers can write an IV straight into an output frame.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        // RAND_bytes only fails when the DRBG cannot be seeded; continuing would be unsafe.
        guard RAND_bytes(base.assumingMemoryBound(to: UInt8.self), Int32(buffer.count)) == 1 else {
            fatalError("RAND_bytes failed: \(LibCrypto.drainErrors())")
        }
    }
}
