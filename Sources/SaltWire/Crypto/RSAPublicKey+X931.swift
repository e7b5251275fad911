import COpenSSL

extension RSAPublicKey {
    /// Inverse of `RSAPrivateKey.signX931`: returns the message embedded in an X9.31 signature.
    ///
    /// This is how a master checks a minion's `tok` (must recover `b"salt"`) and how a minion
    /// checks the auth reply `sig` (must recover the SHA-256 hex of the AES key string); callers
    /// compare the result themselves. Throws `.badSignature` if the padding is malformed.
    public func recoverX931(_ signature: [UInt8]) throws -> [UInt8] {
        guard !signature.isEmpty, signature.count <= modulusBytes else {
            throw CryptoError.badSignature
        }
        var message = [UInt8](repeating: 0, count: modulusBytes)
        let length = RSA_public_decrypt(
            Int32(signature.count), signature, &message, rsa, RSA_X931_PADDING)
        guard length >= 0 else {
            LibCrypto.clearErrors()
            throw CryptoError.badSignature
        }
        message.removeSubrange(Int(length)...)
        return message
    }
}
