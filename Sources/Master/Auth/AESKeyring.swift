import BrineCore
public import SaltWire
import Synchronization

/// The master-wide AES key that encrypts publications, and the publication serial that goes with it.
/// Rotating (when a minion key is deleted or rejected) cuts that minion off: it can no longer read
/// publications and cannot re-authenticate for the new key.
public final class AESKeyring: Sendable {
    private struct Current {
        var crypticle: Crypticle
        var serial: Int64 = 0
    }

    private let current: Mutex<Current>

    public init() {
        current = Mutex(Current(crypticle: Self.fresh()))
    }

    /// The current key string, as sent (RSA-wrapped) in auth replies.
    public var keyString: String { current.withLock { $0.crypticle.keyString } }

    /// The key to seal the next publication with, and its serial (strictly increasing per key).
    public func nextPublication() -> (Crypticle, Int64) {
        current.withLock { current in
            current.serial += 1
            return (current.crypticle, current.serial)
        }
    }

    public func rotate() {
        let next = Self.fresh()
        current.withLock { $0 = Current(crypticle: next) }
    }

    private static func fresh() -> Crypticle {
        // A generated key string always has the right length.
        try! Crypticle(keyString: Crypticle.generateKeyString())
    }
}
