import BrineCore
import JobCache
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// What the master knows of each minion beyond its key: grains (sent with every pillar request) and
/// when it was last heard from. The master predicts which minions a target should reach from this.
/// Grains are kept in the job cache too, so a restarted master still knows who a grain target means.
/// In memory they stay msgpack-encoded: decoded, a typical set of grains takes four times the space
/// (6 KB against 1.5 KB per minion), and only grain targets need them decoded.
public final class MinionRegistry: @unchecked Sendable {
    struct Entry: Sendable {
        var grains: [UInt8]
        var lastSeen: Int
    }

    private let lock = Mutex()
    private var entries: [String: Entry] = [:]
    private let writer: JobCacheWriter

    init(cache: JobCache, writer: JobCacheWriter) {
        self.writer = writer
        for record in (try? cache.minions()) ?? [] {
            entries[record.id] = Entry(grains: MessagePack.encode(record.grains), lastSeen: Int(record.lastSeen))
        }
    }

    public func updateGrains(_ id: String, _ grains: MessagePackValue) {
        let now = Int(time(nil))
        let encoded = MessagePack.encode(grains)
        lock.withLock { entries[id] = Entry(grains: encoded, lastSeen: now) }
        writer.submit(.minion(MinionRecord(id: id, grains: grains, lastSeen: Double(now))))
    }

    public func touch(_ id: String) {
        let now = Int(time(nil))
        lock.withLock {
            if entries[id] != nil {
                entries[id]?.lastSeen = now
            } else {
                entries[id] = Entry(grains: Self.noGrains, lastSeen: now)
            }
        }
    }

    public func grains(_ id: String) -> MessagePackValue {
        guard let encoded = lock.withLock({ entries[id]?.grains }) else { return [:] }
        return (try? MessagePack.decode(encoded)) ?? [:]
    }

    private static let noGrains = MessagePack.encode([:])

    public func forget(_ id: String) {
        lock.withLock { _ = entries.removeValue(forKey: id) }
        writer.submit(.forgetMinion(id))
    }
}
