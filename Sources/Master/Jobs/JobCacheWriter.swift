import BrineCore
public import JobCache
public import Logging
import Synchronization

/// The job cache's one writer: workers queue records here and return at once; this thread writes
/// whatever has accumulated in one transaction, so a burst of 10,000 returns costs a few commits,
/// not 10,000.
public final class JobCacheWriter: Sendable {
    private struct Queue {
        var writes: [JobCache.Write] = []
        var stopping = false
        var thread: DaemonThread?
    }

    private let cache: JobCache
    private let logger: Logger
    private let queue = Mutex(Queue())
    /// Signalled when the queue stops being empty, and at stop.
    private let wake = Semaphore()

    /// Most records written in one transaction; a larger backlog goes in several.
    static let batchLimit = 10_000

    /// Records are queued from here on; `start` begins writing them.
    public init(cache: JobCache, logger: Logger) {
        self.cache = cache
        self.logger = logger
    }

    /// Starts the writing thread, which runs through `loop` (the master starts it with its other threads).
    func start(_ loop: DaemonLoop) {
        let thread = DaemonThread { [self] in
            var finished = false
            loop.run(until: { finished }) { finished = writeQueued() }
        }
        queue.withLock { $0.thread = thread }
    }

    public func submit(_ write: JobCache.Write) {
        let wasEmpty = queue.withLock { queue in
            queue.writes.append(write)
            return queue.writes.count == 1
        }
        if wasEmpty { wake.signal() }
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
                let count = min(queue.writes.count, Self.batchLimit)
                let batch = Array(queue.writes.prefix(count))
                queue.writes.removeFirst(count)
                return (batch, queue.stopping && queue.writes.isEmpty)
            }
            if !batch.isEmpty { write(batch) }
            if done { return true }
            if batch.isEmpty { return false }
        }
    }

    private func write(_ batch: [JobCache.Write]) {
        do {
            try cache.apply(batch)
        } catch {
            logger.error("job cache: could not write \(batch.count) records: \(error); retrying one by one")
            for record in batch {
                do {
                    try cache.apply([record])
                } catch {
                    logger.error("job cache: dropped a record that cannot be written: \(error)")
                }
            }
        }
    }
}
