#if canImport(Glibc)
import Glibc
#endif

/// OS threads for the loops that own a socket and block in `zmq_poll`: such blocking must never
/// happen on Swift's concurrency pool (two threads on this machine).
public final class DaemonThread: @unchecked Sendable {
    private var thread = pthread_t()

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    public init(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let created = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(created == 0, "pthread_create failed: \(created)")
    }

    public func join() {
        pthread_join(thread, nil)
    }

    /// Runs `body` on a thread nobody waits for (a job): its resources go back when it ends.
    public static func detached(_ body: @escaping @Sendable () -> Void) {
        pthread_detach(DaemonThread(body).thread)
    }
}

/// Lets a starting thread report whether its setup (binding a port, say) worked, so the daemon fails
/// at start with the real error instead of running half-bound.
public final class StartupGate: @unchecked Sendable {
    private let lock = Mutex()
    private var semaphore = sem_t()
    private var failure: (any Error)?

    public init() {
        sem_init(&semaphore, 0, 0)
    }

    deinit { sem_destroy(&semaphore) }

    public func succeed() {
        sem_post(&semaphore)
    }

    public func fail(_ error: any Error) {
        lock.withLock { failure = error }
        sem_post(&semaphore)
    }

    /// Waits for the thread's verdict; rethrows its setup error.
    public func wait() throws {
        while sem_wait(&semaphore) != 0 && errno == EINTR {}
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
