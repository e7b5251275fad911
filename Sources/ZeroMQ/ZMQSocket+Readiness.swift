import CZeroMQ

/// For a thread that owns thousands of sockets. `zmq_poll` asks every socket it is given on every
/// call, so its cost grows with the sockets owned rather than with those that have something to read.
/// libzmq also exposes each socket's mailbox as a file descriptor, to register once with epoll
/// (`ReadinessSet`): it becomes readable when libzmq queued commands for the socket, such as "a
/// message arrived" for a socket that had none. It does not signal a message that arrived while the
/// owner was sending or receiving on the socket, so the owner receives (with `dontWait`) until nothing
/// is left whenever the descriptor is ready and after each send; a receive that finds nothing takes the
/// queued commands first, and an emptied socket signals its next message.
extension ZMQSocket {
    /// The socket's readiness descriptor (`ZMQ_FD`), for epoll. It belongs to the socket: never read or
    /// close it.
    public func readinessDescriptor() throws -> Int32 {
        var descriptor: Int32 = -1
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(try live("getsockopt"), ZMQ_FD, &descriptor, &size) == 0 else {
            throw ZMQError("getsockopt(FD)")
        }
        return descriptor
    }
}
