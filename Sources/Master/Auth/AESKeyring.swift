import BrineCore
public import SaltWire
import Synchronization

/// The master-wide AES key that encrypts publications, and the publication serial that goes with it.
/// Rotating (when a minion key is deleted or rejected) cuts that minion off: it can no longer read
/// publications and cannot re-authenticate for the new key. It also rotates every `publish_session`
/// seconds, as Salt's master does, which bounds how long a captured publication can be replayed.
public final class AESKeyring: Sendable {
    private struct Current {
        var crypticle: Crypticle
        var serial: Int64 = 0
        /// When this key was made (monotonic seconds).
        var created = Timestamp.monotonic()
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

    /// Rotates when the key is `seconds` old or older; true when it did.
    @discardableResult
    public func rotate(ifOlderThan seconds: Double, now: Double? = nil) -> Bool {
        let now = now ?? Timestamp.monotonic()
        let next = Self.fresh()
        return current.withLock { current in
            guard now - current.created >= seconds else { return false }
            current = Current(crypticle: next, created: now)
            return true
        }
    }

    private static func fresh() -> Crypticle {
        // A generated key string always has the right length.
        try! Crypticle(keyString: Crypticle.generateKeyString())
    }
}
