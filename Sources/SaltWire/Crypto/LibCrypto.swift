import COpenSSL
import PythonRules

/// Process-wide OpenSSL glue shared by the crypto types.
///
/// OpenSSL 3 resolves algorithm names through provider lookups that take a global lock; passing a
/// pre-fetched `EVP_MD`/`EVP_CIPHER` skips that on every message, which matters at ~20k messages/s.
enum LibCrypto {
    /// Algorithm objects fetched once. Fetched `EVP_MD`/`EVP_CIPHER`/`EVP_MAC` objects are immutable
    /// and reference counted atomically, so sharing them between threads is safe.
    struct Algorithms: @unchecked Sendable {
        let sha1: OpaquePointer
        let sha224: OpaquePointer
        let sha256: OpaquePointer
        let aes192CBC: OpaquePointer
    }

    static let algorithms: Algorithms = Algorithms(
        sha1: fetchDigest("SHA1"),
        sha224: fetchDigest("SHA224"),
        sha256: fetchDigest("SHA256"),
        aes192CBC: fetchCipher("AES-192-CBC")
    )

    private static func fetchDigest(_ name: String) -> OpaquePointer {
        guard let md = EVP_MD_fetch(nil, name, nil) else {
            fatalError("OpenSSL has no \(name) digest: \(drainErrors())")
        }
        return md
    }

    private static func fetchCipher(_ name: String) -> OpaquePointer {
        guard let cipher = EVP_CIPHER_fetch(nil, name, nil) else {
            fatalError("OpenSSL has no \(name) cipher: \(drainErrors())")
        }
        return cipher
    }

    // MARK: - Errors

    /// Empties this thread's OpenSSL error queue and renders it; the queue must be drained after
    /// every failure or stale entries get blamed on later, unrelated calls.
    static func drainErrors() -> String {
        var parts: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            ERR_error_string_n(code, &buffer, buffer.count)
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            parts.append(String(decoding: bytes, as: UTF8.self))
        }
        return parts.isEmpty ? "unknown error" : parts.joined(separator: "; ")
    }

    /// An `.openssl` error naming the failed call plus whatever OpenSSL queued.
    static func failure(_ operation: String) -> CryptoError {
        .openssl("\(operation): \(drainErrors())")
    }

    /// Discards queued errors whose failure we already map to a domain error (or that OpenSSL left
    /// behind on a successful call, e.g. decoders probing several formats).
    static func clearErrors() {
        ERR_clear_error()
    }

    // MARK: - BIO helpers

    /// PEM text as bytes for OpenSSL's reader, normalised the way Salt's `clean_key` would
    /// (surrounding whitespace, CR/CRLF line endings) plus the final newline that OpenSSL needs
    /// after the END line and that Salt's clean form lacks.
    static func pemBytes(_ text: String) -> [UInt8] {
        Array(RSAPublicKey.cleanKey(text).utf8) + [UInt8(ascii: "\n")]
    }

    /// PEM armour around DER, 64 base64 characters per line and a trailing newline: byte for
    /// byte what OpenSSL and Python `cryptography` write, so fingerprints of our files match.
    static func pem(label: String, der: [UInt8]) -> String {
        let body = Array(Base64.encode(der).utf8)
        var out = Array("-----BEGIN \(label)-----\n".utf8)
        out.reserveCapacity(out.count * 2 + body.count + body.count / 64 + 2)
        var index = 0
        while index < body.count {
            let end = min(index + 64, body.count)
            out.append(contentsOf: body[index..<end])
            out.append(UInt8(ascii: "\n"))
            index = end
        }
        out.append(contentsOf: "-----END \(label)-----\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs `body` with a read-only memory BIO over `bytes`, without copying them.
    static func withReadBIO<T>(_ bytes: [UInt8], _ body: (OpaquePointer) throws -> T) throws -> T {
        try bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else {
                throw failure("BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    /// Runs `write` against a fresh memory BIO and returns what it wrote.
    static func collectBIO(_ operation: String, _ write: (OpaquePointer) -> Int32) throws -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw failure("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) > 0 else { throw failure(operation) }
        var data: UnsafeMutablePointer<CChar>?
        let length = brine_bio_mem_data(bio, &data)
        guard length > 0, let data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Runs `body` with a fresh `EVP_PKEY_CTX` for `pkey`. A context is created per operation
    /// because contexts carry per-call padding state and are not safe to share between threads.
    static func withPKeyContext<T>(
        _ pkey: OpaquePointer, _ body: (OpaquePointer) throws -> T
    ) throws -> T {
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, pkey, nil) else {
            throw failure("EVP_PKEY_CTX_new_from_pkey")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        return try body(ctx)
    }
}
