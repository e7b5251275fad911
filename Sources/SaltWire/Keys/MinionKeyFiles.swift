import BrineCore

/// The minion's pki dir: `minion.pem`, `minion.pub`, and the pinned `minion_master.pub`.
public struct MinionKeyFiles: Sendable {
    public let pkiDir: String

    public init(pkiDir: String) {
        self.pkiDir = pkiDir
    }

    /// Loads the minion key, or makes one on first start.
    public func loadOrCreate() throws -> RSAPrivateKey {
        FileSystem.makeDirectories(pkiDir, mode: 0o700)
        let privatePath = pkiDir + "/minion.pem"
        if let pem = try? FileSystem.readString(privatePath) {
            return try RSAPrivateKey(pem: pem)
        }
        let key = try RSAPrivateKey.generate(bits: 2048)
        try FileSystem.write(privatePath, key.pkcs1PEM, mode: 0o400)
        try FileSystem.write(pkiDir + "/minion.pub", key.publicKey.pem, mode: 0o644)
        return key
    }

    public var masterKeyPath: String { pkiDir + "/minion_master.pub" }

    /// The master key trusted on first use, if any.
    public func pinnedMasterKey() -> RSAPublicKey? {
        (try? FileSystem.readString(masterKeyPath)).flatMap { try? RSAPublicKey(pem: $0) }
    }

    public func pin(_ key: RSAPublicKey) throws {
        try FileSystem.write(masterKeyPath, key.pem, mode: 0o644)
    }
}
