import BrineCore
public import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// Per-minion session keys for traffic on 4506. Kept in memory only: after a master restart every
/// minion's next request fails with "bad load" and the minion re-authenticates, as Salt's minions expect.
public final class SessionStore: Sendable {
    private struct Session: Sendable {
        let crypticle: Crypticle
        let created: Int
    }

    /// Every request looks its session up here, from all the workers at once: split over several locks.
    private let sessions = StripedDictionary<Session>()
    private let lifetime: Int

    /// - Parameter lifetime: Salt's `publish_session`, in seconds.
    public init(lifetime: Int) {
        self.lifetime = lifetime
    }

    /// The minion's current session, or a new one when it has none or it is older than `lifetime`.
    public func session(for id: String) -> Crypticle {
        let now = Int(time(nil))
        return sessions.withEntry(id) { session in
            if let existing = session, now - existing.created < lifetime { return existing.crypticle }
            let fresh = try! Crypticle(keyString: Crypticle.generateKeyString())
            session = Session(crypticle: fresh, created: now)
            return fresh
        }
    }

    /// The session a request claims, without making one: a request under no session is refused.
    public func existing(for id: String) -> Crypticle? {
        let now = Int(time(nil))
        return sessions.withEntry(id) { session in
            guard let existing = session else { return nil }
            if now - existing.created >= lifetime {
                session = nil
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
        sessions.withEntry(id) { $0 = nil }
    }
}
