import BrineCore
import JobCache
public import MessagePack
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What the master knows of each minion beyond its key: its grains, sent with every pillar request,
/// and the pillar compiled for it then. The master predicts which minions a target should reach from
/// them. Both are kept in the job cache too, so a restarted master still knows who a grain or pillar
/// target means.
/// In memory they stay msgpack-encoded: decoded, grains take several times the space (brine-swarm's
/// set: 816 bytes encoded, about 6 KB decoded), and only grain targets need them decoded.
public final class MinionRegistry: Sendable {
    /// Each minion's grains, msgpack-encoded.
    private let grainsByID: Mutex<[String: [UInt8]]>
    /// Each minion's last compiled pillar, msgpack-encoded.
    private let pillarByID: Mutex<[String: [UInt8]]>
    private let writer: JobCacheWriter

    /// Loads what the cache knows of the minions in `accepted`. Data of any other id is dropped: its key
    /// was deleted or rejected while the master was down (brine-key works without it), and a minion
    /// accepted again must report its grains anew before grain targets name it.
    init(cache: any JobCacheStore, writer: JobCacheWriter, accepted: Set<String>) {
        self.writer = writer
        var grainsByID: [String: [UInt8]] = [:]
        var pillarByID: [String: [UInt8]] = [:]
        for record in (try? cache.minions()) ?? [] {
            guard accepted.contains(record.id) else {
                writer.submit(.forgetMinion(record.id))
                continue
            }
            grainsByID[record.id] = MessagePack.encode(record.grains)
            if record.pillar.mapValue != nil { pillarByID[record.id] = MessagePack.encode(record.pillar) }
        }
        self.grainsByID = Mutex(grainsByID)
        self.pillarByID = Mutex(pillarByID)
    }

    /// The grains a minion sent with its pillar request, and the pillar compiled from them.
    public func update(_ id: String, grains: MessagePackValue, pillar: MessagePackValue) {
        let encodedGrains = MessagePack.encode(grains)
        let encodedPillar = MessagePack.encode(pillar)
        grainsByID.withLock { $0[id] = encodedGrains }
        pillarByID.withLock { $0[id] = encodedPillar }
        writer.submit(.minion(MinionRecord(id: id, grains: grains, pillar: pillar, lastSeen: Double(time(nil)))))
    }

    public func pillar(_ id: String) -> MessagePackValue {
        guard let encoded = pillarByID.withLock({ $0[id] }) else { return [:] }
        return (try? MessagePack.decode(encoded)) ?? [:]
    }

    public func grains(_ id: String) -> MessagePackValue {
        guard let encoded = grainsByID.withLock({ $0[id] }) else { return [:] }
        return (try? MessagePack.decode(encoded)) ?? [:]
    }

    public func forget(_ id: String) {
        grainsByID.withLock { _ = $0.removeValue(forKey: id) }
        pillarByID.withLock { _ = $0.removeValue(forKey: id) }
        writer.submit(.forgetMinion(id))
    }
}
