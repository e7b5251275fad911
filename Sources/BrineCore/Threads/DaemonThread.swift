#if canImport(Glibc)
import Glibc
#endif

/// OS threads for the loops that own a socket and block in `zmq_poll`: such blocking must never
/// happen on Swift's concurrency pool (two threads on this machine).
public final class DaemonThread: Sendable {
    private let thread: pthread_t

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    public init(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(created == 0, "pthread_create failed: \(created)")
        self.thread = thread
    }

    public func join() {
        pthread_join(thread, nil)
    }

    /// Runs `body` on a thread nobody waits for (a job): its resources go back when it ends.
    public static func detached(_ body: @escaping @Sendable () -> Void) {
        pthread_detach(DaemonThread(body).thread)
    }
}
