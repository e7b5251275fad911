import CZeroMQ
import Glibc

/// An epoll set over sockets' readiness descriptors (`ZMQSocket.readinessDescriptor`) and plain ones
/// (a `WakeSignal`), for a thread that owns thousands of sockets: a wait costs the descriptors that are
/// ready, where a `ZMQPoller` asks every socket on every wait. Linux only, as Brine is.
public final class ReadinessSet {
    private let descriptor: Int32
    private var events = [epoll_event](repeating: epoll_event(), count: 1024)

    public init() throws {
        descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else { throw ZMQError("epoll_create1", code: errno) }
    }

    deinit { Glibc.close(descriptor) }

    /// Watches `fileDescriptor` (level-triggered: it is reported until what it signals is taken);
    /// `wait` reports it as `token`.
    public func add(_ fileDescriptor: Int32, token: UInt64) throws {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = token
        guard epoll_ctl(descriptor, EPOLL_CTL_ADD, fileDescriptor, &event) == 0 else {
            throw ZMQError("epoll_ctl", code: errno)
        }
    }

    /// The tokens of the descriptors that became ready within `timeoutMilliseconds` (-1: no limit).
    public func wait(timeoutMilliseconds: Int) throws -> [UInt64] {
        while true {
            let count = events.withUnsafeMutableBufferPointer {
                epoll_wait(descriptor, $0.baseAddress, Int32($0.count), Int32(timeoutMilliseconds))
            }
            if count >= 0 { return events.prefix(Int(count)).map(\.data.u64) }
            guard errno == EINTR else { throw ZMQError("epoll_wait", code: errno) }
        }
    }
}
