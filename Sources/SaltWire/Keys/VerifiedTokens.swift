import BrineCore

/// The token last verified for each minion, with the stamp of the key file it was verified against:
/// every request of every minion asks here, from all of the master's workers at once.
final class VerifiedTokens: Sendable {
    private struct Entry: Sendable {
        let stamp: FileStamp
        let tokenDigest: [UInt8]
    }

    private let entries = StripedDictionary<Entry>()

    /// Whether `id`'s key file still has `stamp` and its token the digest verified before.
    func matches(_ id: String, stamp: FileStamp, tokenDigest: [UInt8]) -> Bool {
        entries.withEntry(id) { entry in entry.map { $0.stamp == stamp && $0.tokenDigest == tokenDigest } ?? false }
    }

    func remember(_ id: String, stamp: FileStamp, tokenDigest: [UInt8]) {
        entries.withEntry(id) { $0 = Entry(stamp: stamp, tokenDigest: tokenDigest) }
    }

    func forget(_ id: String) {
        entries.withEntry(id) { $0 = nil }
    }
}
