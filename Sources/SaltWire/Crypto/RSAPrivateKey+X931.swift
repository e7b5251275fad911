import COpenSSL

extension RSAPrivateKey {
    /// Salt's "encrypt with the private key": raw RSA over the X9.31-padded message itself (no
    /// hash, no DigestInfo). It produces the minion `tok` (over `b"salt"`) and the auth reply
    /// `sig` (over the SHA-256 hex of the AES key string).
    ///
    /// Deterministic. Uses the legacy `RSA_private_encrypt` because OpenSSL 3's EVP X9.31 mode
    /// insists on hashing the input, which is not what Salt peers send or check. The message may
    /// be at most `modulusBytes - 2` bytes long.
    public func signX931(_ message: [UInt8]) throws -> [UInt8] {
        guard message.count <= modulusBytes - 2 else {
            throw CryptoError.invalidLength(
                "X9.31 message of \(message.count) bytes exceeds \(modulusBytes - 2) for this key")
        }
        var signature = [UInt8](repeating: 0, count: modulusBytes)
        let written = RSA_private_encrypt(
            Int32(message.count), message, &signature, rsa, RSA_X931_PADDING)
        guard written == modulusBytes else {
            throw LibCrypto.failure("RSA_private_encrypt (X9.31)")
        }
        return signature
    }
}
