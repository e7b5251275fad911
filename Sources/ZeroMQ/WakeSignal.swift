import CZeroMQ
import Glibc

/// An eventfd other threads use to wake a thread blocked in `zmq_poll` (which can wait on plain
/// descriptors beside sockets): the cheap bridge from queued work to a socket-owning thread.
public final class WakeSignal: Sendable {
    public let fileDescriptor: Int32

    public init() throws {
        fileDescriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fileDescriptor >= 0 else { throw ZMQError("eventfd", code: errno) }
    }

    deinit { Glibc.close(fileDescriptor) }

    public func signal() {
        var one: UInt64 = 1
        _ = Glibc.write(fileDescriptor, &one, 8)
    }

    /// Clears pending signals after a poll reported the descriptor readable.
    public func drain() {
        var count: UInt64 = 0
        _ = Glibc.read(fileDescriptor, &count, 8)
    }
}
