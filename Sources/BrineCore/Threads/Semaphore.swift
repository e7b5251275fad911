#if canImport(Glibc)
import Glibc
#endif

/// A POSIX semaphore whose `sem_t` lives at one heap address for its whole life: threads block on
/// that address, and `&property` of a Swift class makes no promise that it stays put.
///
/// `@unchecked Sendable` because the pointer is set once in `init` and `sem_post`/`sem_wait` are
/// made for use from many threads at once; nothing else is stored.
public final class Semaphore: @unchecked Sendable {
    private let semaphore: UnsafeMutablePointer<sem_t>

    public init(value: UInt32 = 0) {
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, value)
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    public func signal() {
        sem_post(semaphore)
    }

    /// Blocks until signalled; a signal handler interrupting the wait does not end it.
    public func wait() {
        while sem_wait(semaphore) != 0 && errno == EINTR {}
    }
}
