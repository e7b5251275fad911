/// Request nonces: 32 lowercase hex characters, as Python's `uuid4().hex` (Salt checks the length).
public enum Nonce {
    public static func make() -> String {
        Digest.hex(SecureRandom.bytes(16))
    }
}
