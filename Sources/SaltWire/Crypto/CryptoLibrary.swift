import COpenSSL

/// The libcrypto Brine runs on, for `--versions-report`.
public enum CryptoLibrary {
    /// `3.0.17`: the version word of `OpenSSL_version(OPENSSL_VERSION)` ("OpenSSL 3.0.17 1 Jul 2025").
    public static var version: String {
        let text = String(cString: OpenSSL_version(OPENSSL_VERSION))
        let words = text.split(separator: " ")
        return words.count > 1 ? String(words[1]) : text
    }
}
