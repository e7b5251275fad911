import BrineCore
public import JobCache
public import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The job cache's one writer, and the master's group commit: workers queue records with what to do
/// once they are on disk, and this thread writes whatever has accumulated in one transaction, so a
/// burst of 10,000 returns costs a few commits (each synced to disk), not 10,000, and nothing is
/// acknowledged before its commit. The queue is bounded: a full one refuses more, and the caller does
/// not acknowledge what it could not queue.
public final class JobCacheWriter: Sendable {
    /// What became of a queued record.
    public enum Outcome: Sendable, Hashable {
        /// Committed, and new to the cache.
        case stored
        /// Committed, but the cache had it already (a return sent again).
        case unchanged
        /// Not written: the disk is full, say. The record is not in the cache.
        case failed(String)
    }

    public typealias Completion = @Sendable (Outcome) -> Void
    /// A write to queue, about how much memory it holds, and what to do once it is committed.
    public typealias Submission = (write: JobCache.Write, bytes: Int, completion: Completion?)

    /// Why `commit` could not record a write.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private struct Pending {
        let write: JobCache.Write
        let bytes: Int
        let completion: Completion?
    }

    private struct Queue {
        var pending: [Pending] = []
        var bytes = 0
        var stopping = false
        var thread: DaemonThread?
    }

    /// How long the writer waits before trying a database it could not reach again: from 50 ms,
    /// doubling up to 2 s. Batches that come meanwhile fail at once (not acknowledged, so minions send
    /// them again), which keeps a tool's `commit` from waiting longer than that.
    private struct Outage {
        var since: Double?
        var delay = Self.firstDelay
        static let firstDelay = 0.05
        static let longestDelay = 2.0
    }

    private let cache: any JobCacheStore
    /// Touched by the writer thread only.
    private let outage = Mutex(Outage())
    private let logger: Logger
    private let queue = Mutex(Queue())
    /// Signalled when the queue stops being empty, and at stop.
    private let wake = Semaphore()
    private let limits: Limits

    /// How much may wait for the disk: past either bound, `submit` refuses.
    public struct Limits: Sendable {
        public var records: Int
        public var bytes: Int

        public init(records: Int, bytes: Int) {
            self.records = records
            self.bytes = bytes
        }

        public static let standard = Limits(records: 50_000, bytes: 256 << 20)
    }

    /// Most records written in one transaction; a larger backlog goes in several.
    static let batchLimit = 10_000

    /// Records are queued from here on; `start` begins writing them.
    public init(cache: any JobCacheStore, logger: Logger, limits: Limits = .standard) {
        self.cache = cache
        self.logger = logger
        self.limits = limits
    }

    /// Starts the writing thread, which runs through `loop` (the master starts it with its other threads).
    func start(_ loop: DaemonLoop) {
        let thread = DaemonThread { [self] in
            var finished = false
            loop.run(until: { finished }) { finished = writeQueued() }
        }
        queue.withLock { $0.thread = thread }
    }

    /// Queues a write; `completion` runs on the writer thread once it is committed or has failed.
    /// Returns false, queuing nothing, when the queue is full or the writer has stopped.
    /// - Parameter bytes: about how much memory the record holds (a return's size on the wire).
    @discardableResult
    public func submit(_ write: JobCache.Write, bytes: Int = 0, completion: Completion? = nil) -> Bool {
        submit([(write, bytes, completion)]) == 1
    }

    /// Queues writes in order under one taking of the queue's lock, which every worker would otherwise
    /// take for every return (five workers on two cores spun on it); returns how many were queued, the
    /// first ones, until the queue was full or the writer stopped.
    public func submit(_ writes: [Submission]) -> Int {
        let (queued, wasEmpty) = queue.withLock { queue -> (Int, Bool) in
            let wasEmpty = queue.pending.isEmpty
            var queued = 0
            for (write, bytes, completion) in writes {
                guard !queue.stopping, queue.pending.count < limits.records, queue.bytes + bytes <= max(limits.bytes, bytes)
                else { break }
                queue.pending.append(Pending(write: write, bytes: bytes, completion: completion))
                queue.bytes += bytes
                queued += 1
            }
            return (queued, wasEmpty && queued > 0)
        }
        if wasEmpty { wake.signal() }
        return queued
    }

    /// Queues a write and waits for its commit: for the local server, which tells a tool its job is
    /// recorded only once it is.
    public func commit(_ write: JobCache.Write) throws(Failure) {
        let done = Semaphore()
        let result = Mutex<Outcome?>(nil)
        guard submit(write, completion: { outcome in
            result.withLock { $0 = outcome }
            done.signal()
        }) else { throw Failure(description: "the job cache's queue is full") }
        done.wait()
        if case .failed(let why) = result.withLock({ $0 }) { throw Failure(description: why) }
    }

    /// Writes everything still queued, then ends the thread: nothing accepted is lost at shutdown.
    public func stop() {
        let thread = queue.withLock { queue in
            queue.stopping = true
            defer { queue.thread = nil }
            return queue.thread
        }
        wake.signal()
        thread?.join()
    }

    /// Waits for records and writes all there are; true once stopping and nothing is left.
    private func writeQueued() -> Bool {
        wake.wait()
        while true {
            let (batch, done) = queue.withLock { queue in
                (Self.takeBatch(&queue), queue.stopping && queue.pending.isEmpty)
            }
            if !batch.isEmpty { write(batch) }
            if done { return true }
            if batch.isEmpty { return false }
        }
    }

    /// At most `batchLimit` of the oldest records, under the queue's lock, which the workers take as they
    /// hand in returns: a queue that fits in one batch is taken whole (no copy while the workers wait).
    private static func takeBatch(_ queue: inout Queue) -> [Pending] {
        guard queue.pending.count > batchLimit else {
            defer {
                queue.pending = []
                queue.bytes = 0
            }
            return queue.pending
        }
        let batch = Array(queue.pending.prefix(batchLimit))
        queue.pending.removeFirst(batchLimit)
        queue.bytes -= batch.reduce(0) { $0 + $1.bytes }
        return batch
    }

    /// One transaction for the batch; if it fails, each record alone, so one that cannot be written
    /// (or a disk that filled up meanwhile) fails only itself.
    private func write(_ batch: [Pending]) {
        do {
            let changed = try cache.apply(batch.map(\.write))
            recovered()
            for (pending, changed) in zip(batch, changed) { pending.completion?(changed ? .stored : .unchanged) }
        } catch let error as JobCacheUnavailable {
            unavailable(error, failing: batch)
        } catch {
            logger.error("job cache: could not write \(batch.count) records: \(error); trying them one by one")
            for pending in batch {
                do {
                    let changed = try cache.apply([pending.write])
                    pending.completion?(changed.first == true ? .stored : .unchanged)
                } catch {
                    logger.error("job cache: \(pending.write.summary) not written (not acknowledged): \(error)")
                    pending.completion?(.failed("\(error)"))
                }
            }
        }
    }
}

extension JobCacheWriter {
    /// The database is down: the batch fails whole (one log line, not one per record), and the writer
    /// waits before its next try, longer each time.
    private func unavailable(_ error: JobCacheUnavailable, failing batch: [Pending]) {
        let delay = outage.withLock { outage in
            if outage.since == nil {
                outage.since = Timestamp.monotonic()
                logger.error("job cache: \(error); writes fail (not acknowledged) until it is back")
            }
            defer { outage.delay = min(outage.delay * 2, Outage.longestDelay) }
            return outage.delay
        }
        logger.debug("job cache: \(batch.count) records not written (not acknowledged); next try in \(delay) s")
        for pending in batch { pending.completion?(.failed(error.description)) }
        usleep(UInt32(delay * 1_000_000))
    }

    private func recovered() {
        outage.withLock { outage in
            guard let since = outage.since else { return }
            logger.notice("job cache: reachable again after \(Int(Timestamp.monotonic() - since)) s")
            outage = Outage()
        }
    }
}

extension JobCache.Write {
    /// For the log.
    var summary: String {
        switch self {
        case .job(let job): return "job \(job.jid)"
        case .ret(let ret): return "the return of \(ret.minion) for job \(ret.jid)"
        case .minion(let minion): return "the grains of \(minion.id)"
        case .forgetMinion(let id): return "forgetting \(id)"
        case .notSent(let jid, _): return "job \(jid)'s not-sent mark"
        }
    }
}
