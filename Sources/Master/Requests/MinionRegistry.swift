import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// What the master knows of each minion beyond its key: grains (sent with every pillar request) and
/// when it was last heard from. The master predicts which minions a target should reach from this.
public final class MinionRegistry: @unchecked Sendable {
    public struct Entry: Sendable {
        public var grains: MessagePackValue
        public var lastSeen: Int
    }

    private let lock = Mutex()
    private var entries: [String: Entry] = [:]

    public init() {}

    public func updateGrains(_ id: String, _ grains: MessagePackValue) {
        let now = Int(time(nil))
        lock.withLock { entries[id] = Entry(grains: grains, lastSeen: now) }
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
    }
}
