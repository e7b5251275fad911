import BrineCore
public import SaltWire
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Per-minion session keys for traffic on 4506. Kept in memory only: after a master restart every
/// minion's next request fails with "bad load" and the minion re-authenticates, as Salt's minions expect.
public final class SessionStore: Sendable {
    private let sessions = Mutex<[String: (crypticle: Crypticle, created: Int)]>([:])
    private let lifetime: Int

    /// - Parameter lifetime: Salt's `publish_session`, in seconds.
    public init(lifetime: Int) {
        self.lifetime = lifetime
    }

    /// The minion's current session, or a new one when it has none or it is older than `lifetime`.
    public func session(for id: String) -> Crypticle {
        let now = Int(time(nil))
        return sessions.withLock { sessions in
            if let existing = sessions[id], now - existing.created < lifetime { return existing.crypticle }
            let fresh = try! Crypticle(keyString: Crypticle.generateKeyString())
            sessions[id] = (fresh, now)
            return fresh
        }
    }

    /// The session a request claims, without making one: a request under no session is refused.
    public func existing(for id: String) -> Crypticle? {
        let now = Int(time(nil))
        return sessions.withLock { sessions in
            guard let existing = sessions[id] else { return nil }
            if now - existing.created >= lifetime {
                sessions[id] = nil
                return nil
            }
            return existing.crypticle
        }
    }

    /// Whether the minion authenticated since this master started (and its session is still live).
    public func has(_ id: String) -> Bool {
        existing(for: id) != nil
    }

    public func drop(_ id: String) {
        sessions.withLock { $0[id] = nil }
    }
}
