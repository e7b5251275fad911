import BrineCore
import SaltWire

/// The master-wide AES key that encrypts publications, and the publication serial that goes with it.
/// Rotating (when a minion key is deleted or rejected) cuts that minion off: it can no longer read
/// publications and cannot re-authenticate for the new key.
public final class AESKeyring: @unchecked Sendable {
    private let lock = Mutex()
    private var crypticle: Crypticle
    private var serial: Int64 = 0

    public init() {
        crypticle = Self.fresh()
    }

    /// The current key string, as sent (RSA-wrapped) in auth replies.
    public var keyString: String { lock.withLock { crypticle.keyString } }

    /// The key to seal the next publication with, and its serial (strictly increasing per key).
    public func nextPublication() -> (Crypticle, Int64) {
        lock.withLock {
            serial += 1
            return (crypticle, serial)
        }
    }

    public func rotate() {
        let next = Self.fresh()
        lock.withLock {
            crypticle = next
            serial = 0
        }
    }

    private static func fresh() -> Crypticle {
        // A generated key string always has the right length.
        try! Crypticle(keyString: Crypticle.generateKeyString())
    }
}
