/// The `tok` every v3 request carries: the minion key's X9.31 signature of `salt`. It is deterministic,
/// so it is computed once per key and a master can remember a verified one.
public enum MinionToken {
    public static let message: [UInt8] = Array("salt".utf8)

    public static func make(_ key: RSAPrivateKey) throws -> [UInt8] {
        try key.signX931(message)
    }

    public static func verify(_ token: [UInt8], with key: RSAPublicKey) -> Bool {
        (try? key.recoverX931(token)) == message
    }
}
