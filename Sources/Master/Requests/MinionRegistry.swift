import BrineCore
import JobCache
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// What the master knows of each minion beyond its key: grains (sent with every pillar request) and
/// when it was last heard from. The master predicts which minions a target should reach from this.
/// Grains are kept in the job cache too, so a restarted master still knows who a grain target means.
public final class MinionRegistry: @unchecked Sendable {
    public struct Entry: Sendable {
        public var grains: MessagePackValue
        public var lastSeen: Int
    }

    private let lock = Mutex()
    private var entries: [String: Entry] = [:]
    private let writer: JobCacheWriter

    init(cache: JobCache, writer: JobCacheWriter) {
        self.writer = writer
        for record in (try? cache.minions()) ?? [] {
            entries[record.id] = Entry(grains: record.grains, lastSeen: Int(record.lastSeen))
        }
    }

    public func updateGrains(_ id: String, _ grains: MessagePackValue) {
        let now = Int(time(nil))
        lock.withLock { entries[id] = Entry(grains: grains, lastSeen: now) }
        writer.submit(.minion(MinionRecord(id: id, grains: grains, lastSeen: Double(now))))
    }

    public func touch(_ id: String) {
        let now = Int(time(nil))
        lock.withLock {
            if entries[id] != nil {
                entries[id]?.lastSeen = now
            } else {
                entries[id] = Entry(grains: [:], lastSeen: now)
            }
        }
    }

    public func grains(_ id: String) -> MessagePackValue {
        lock.withLock { entries[id]?.grains ?? [:] }
    }

    public func forget(_ id: String) {
        lock.withLock { _ = entries.removeValue(forKey: id) }
        writer.submit(.forgetMinion(id))
    }
}
