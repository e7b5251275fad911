import Synchronization

/// A dictionary keyed by minion id, split over several locks by key, for the tables that every
/// request of every minion reads from all of a master's workers at once (its session, its verified
/// token). Under one lock, five workers on two cores spent more time spinning for it than looking up:
/// a fifth of the master's CPU in a 10,000-minion `test.ping`.
public final class StripedDictionary<Value: Sendable>: Sendable {
    private final class Stripe: Sendable {
        let entries = Mutex<[String: Value]>([:])
    }

    private let stripes: [Stripe]

    public init(stripes count: Int = 64) {
        stripes = (0..<max(1, count)).map { _ in Stripe() }
    }

    /// Runs `body` on the entry of `key` (nil when there is none; setting nil removes it) under its
    /// stripe's lock, and returns what `body` returns.
    public func withEntry<Result: Sendable>(_ key: String, _ body: (inout Value?) -> Result) -> Result {
        stripes[Int(UInt(bitPattern: key.hashValue) % UInt(stripes.count))].entries.withLock { body(&$0[key]) }
    }
}
