import BrineCore
import JobCache
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The job cache's one writer: workers queue records here and return at once; this thread writes
/// whatever has accumulated in one transaction, so a burst of 10,000 returns costs a few commits,
/// not 10,000.
public final class JobCacheWriter: @unchecked Sendable {
    private let cache: JobCache
    private let logger: Logger
    private let lock = Mutex()
    private var queue: [JobCache.Write] = []
    private var stopping = false
    private var semaphore = sem_t()
    private var thread: DaemonThread?

    /// Most records written in one transaction; a larger backlog goes in several.
    static let batchLimit = 10_000

    public init(cache: JobCache, logger: Logger) {
        self.cache = cache
        self.logger = logger
        sem_init(&semaphore, 0, 0)
        thread = DaemonThread { [unowned self] in self.run() }
    }

    deinit { sem_destroy(&semaphore) }

    public func submit(_ write: JobCache.Write) {
        let wasEmpty = lock.withLock {
            queue.append(write)
            return queue.count == 1
        }
        if wasEmpty { sem_post(&semaphore) }
    }

    /// Writes everything still queued, then ends the thread: nothing accepted is lost at shutdown.
    public func stop() {
        lock.withLock { stopping = true }
        sem_post(&semaphore)
        thread?.join()
        thread = nil
    }

    private func run() {
        while true {
            while sem_wait(&semaphore) != 0 && errno == EINTR {}
            while true {
                let (batch, done) = lock.withLock { () -> ([JobCache.Write], Bool) in
                    let count = min(queue.count, Self.batchLimit)
                    let batch = Array(queue.prefix(count))
                    queue.removeFirst(count)
                    return (batch, stopping && queue.isEmpty)
                }
                if !batch.isEmpty { write(batch) }
                if done { return }
                if batch.isEmpty { break }
            }
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
