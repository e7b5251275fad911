import Synchronization

/// The token last verified for each minion, with the stamp of the key file it was verified against:
/// every request of every minion asks here, from all of the master's workers at once, so the table is
/// split over several locks by id. Under one lock, five workers on two cores spent more time waiting
/// for it than looking up.
final class VerifiedTokens: Sendable {
    private struct Entry {
        let stamp: FileStamp
        let tokenDigest: [UInt8]
    }

    private final class Stripe: Sendable {
        let entries = Mutex<[String: Entry]>([:])
    }

    private let stripes = (0..<16).map { _ in Stripe() }

    private func stripe(_ id: String) -> Stripe {
        stripes[Int(UInt(bitPattern: id.hashValue) % UInt(stripes.count))]
    }

    /// Whether `id`'s key file still has `stamp` and its token the digest verified before.
    func matches(_ id: String, stamp: FileStamp, tokenDigest: [UInt8]) -> Bool {
        stripe(id).entries.withLock { entries in
            guard let known = entries[id] else { return false }
            return known.stamp == stamp && known.tokenDigest == tokenDigest
        }
    }

    func remember(_ id: String, stamp: FileStamp, tokenDigest: [UInt8]) {
        stripe(id).entries.withLock { $0[id] = Entry(stamp: stamp, tokenDigest: tokenDigest) }
    }

    func forget(_ id: String) {
        _ = stripe(id).entries.withLock { $0.removeValue(forKey: id) }
    }
}
