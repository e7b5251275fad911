import BrineCore
import Logging
import MessagePack
import SaltWire
import Synchronization
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Finished jobs' returns, on disk until the master has taken them: each is written (synced, through
/// a rename) to `<cachedir>/return_spool/` before it is sent, and removed only once the master
/// acknowledged it, so a return survives the master being away, the minion restarting and a power
/// loss. Sent oldest first. The spool is bounded by `return_spool_max_count` and
/// `return_spool_max_bytes`: when full, the oldest return is dropped, with a log line that says so.
/// Job threads push; the minion's socket thread is woken to send.
///
/// Each return remembers the master that published its job (in its file name, `<sequence>@<master>`),
/// so a minion with several masters answers each job to the master that asked; a failover minion sends
/// them all to the master it has now.
final class ReturnSpool: Sendable {
    /// One spooled return, named so names sort oldest first.
    struct Entry: Sendable, Equatable {
        let name: String
        let jid: String
        let bytes: Int
        /// The address of the master that published the job; nil when not known (a job interrupted by
        /// a restart, a return spooled before minions had several masters).
        let master: String?
    }

    struct Limits: Sendable {
        var count: Int
        var bytes: Int
    }

    private struct State {
        var entries: [Entry] = []
        var bytes = 0
        var sequence: UInt64 = 0
        /// Returns that could not be written to disk (a full disk), sent from memory.
        var pendingInMemory: [String: JobReturn] = [:]
    }

    let directory: String
    let wake: WakeSignal
    private let limits: Limits
    private let logger: Logger
    private let state = Mutex(State())

    static let suffix = ".return"

    /// Opens the spool, keeping what an earlier run left in it (and removing half-written files).
    init(directory: String, limits: Limits, logger: Logger) throws {
        self.directory = directory
        self.limits = limits
        self.logger = logger
        wake = try WakeSignal()
        guard FileSystem.makeDirectories(directory, mode: 0o700) else {
            throw FileSystem.Failure(path: directory, operation: "mkdir", code: errno)
        }
        var found = State()
        for name in FileSystem.list(directory).sorted() {
            let path = directory + "/" + name
            guard let (sequence, master) = Self.parse(name) else {
                FileSystem.remove(path)
                continue
            }
            guard let bytes = try? FileSystem.read(path), let ret = Self.decode(bytes) else {
                logger.error("return spool: \(path) cannot be read as a return; removed")
                FileSystem.remove(path)
                continue
            }
            found.entries.append(Entry(name: name, jid: ret.jid, bytes: bytes.count, master: master))
            found.bytes += bytes.count
            found.sequence = max(found.sequence, sequence)
        }
        state.withLock { $0 = found }
        if !found.entries.isEmpty {
            logger.info("return spool: \(found.entries.count) returns from an earlier run to send")
        }
    }

    /// Writes the return to disk (synced), then wakes the socket thread to send it. A return that
    /// cannot be written is still queued, in memory, with an error in the log. `master` is the address
    /// of the master that published the job.
    func push(_ ret: JobReturn, master: String? = nil) {
        let bytes = MessagePack.encode(ret.load())
        let name = state.withLock { state in
            state.sequence += 1
            return Self.name(state.sequence, master: master)
        }
        do {
            try FileSystem.write(directory + "/" + name, bytes, mode: 0o600, durable: true)
        } catch {
            logger.error("return spool: cannot write the return of job \(ret.jid) to disk (\(error)); it is kept in memory only")
            state.withLock { $0.pendingInMemory[name] = ret }
        }
        let dropped = state.withLock { state -> [Entry] in
            state.entries.append(Entry(name: name, jid: ret.jid, bytes: bytes.count, master: master))
            state.bytes += bytes.count
            var dropped: [Entry] = []
            while state.entries.count > 1, state.entries.count > limits.count || state.bytes > limits.bytes {
                let oldest = state.entries.removeFirst()
                state.bytes -= oldest.bytes
                state.pendingInMemory[oldest.name] = nil
                dropped.append(oldest)
            }
            return dropped
        }
        for entry in dropped {
            FileSystem.remove(directory + "/" + entry.name)
            logger.error("return spool full (return_spool_max_count \(limits.count), return_spool_max_bytes \(limits.bytes)): dropped the return of job \(entry.jid), the oldest")
        }
        wake.signal()
    }

    /// The oldest return and its entry; a file that cannot be read any more is dropped with a log line.
    var first: (Entry, JobReturn)? { first { _ in true } }

    /// The oldest return whose entry `accepts` (the returns for one master).
    func first(where accepts: (Entry) -> Bool) -> (Entry, JobReturn)? {
        while let entry = state.withLock({ $0.entries.first(where: accepts) }) {
            if let ret = state.withLock({ $0.pendingInMemory[entry.name] }) ?? Self.read(directory + "/" + entry.name) {
                return (entry, ret)
            }
            // Gone meanwhile (dropped from a full spool) is no error; unreadable is.
            guard state.withLock({ $0.entries.contains(entry) }) else { continue }
            logger.error("return spool: the return of job \(entry.jid) cannot be read back; dropped")
            remove(entry)
        }
        return nil
    }

    /// The master has the return: forget it.
    func remove(_ entry: Entry) {
        state.withLock { state in
            guard let index = state.entries.firstIndex(of: entry) else { return }
            state.entries.remove(at: index)
            state.bytes -= entry.bytes
            state.pendingInMemory[entry.name] = nil
        }
        FileSystem.remove(directory + "/" + entry.name)
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// A sequence number as 20 digits, so names sort in the order they were given, then the master
    /// (an address: no `/`).
    private static func name(_ sequence: UInt64, master: String?) -> String {
        let digits = String(sequence)
        let padded = String(repeating: "0", count: max(0, 20 - digits.count)) + digits
        guard let master, !master.isEmpty, !master.contains("/") else { return padded + suffix }
        return padded + "@" + master + suffix
    }

    /// The sequence number and master of a spool file's name; nil for a name the spool did not give.
    static func parse(_ name: String) -> (UInt64, String?)? {
        guard name.hasSuffix(suffix) else { return nil }
        let stem = name.dropLast(suffix.count)
        let parts = stem.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let sequence = UInt64(parts[0]) else { return nil }
        return (sequence, parts.count == 2 && !parts[1].isEmpty ? String(parts[1]) : nil)
    }

    private static func read(_ path: String) -> JobReturn? {
        (try? FileSystem.read(path)).flatMap(decode)
    }

    private static func decode(_ bytes: [UInt8]) -> JobReturn? {
        guard let load = try? MessagePack.decode(bytes) else { return nil }
        return try? JobReturn(load: load)
    }
}
