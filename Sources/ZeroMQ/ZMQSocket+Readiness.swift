import CZeroMQ

/// For a thread that owns thousands of sockets. `zmq_poll` asks every socket it is given on every
/// call, so its cost grows with the sockets owned rather than with those that have something to read.
/// libzmq also exposes each socket's mailbox as a file descriptor, to register once with epoll: it
/// becomes readable when the socket's state may have changed, and `hasInput` then says whether a
/// message is waiting. The descriptor does not signal a message that arrived while the owner was
/// sending or receiving on the socket, so after either the owner asks `hasInput` itself; a socket read
/// until it had nothing left signals the next message.
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

    /// Whether a message can be received now (`ZMQ_EVENTS`); this also clears the readiness
    /// descriptor's signal. False for a closed socket.
    public var hasInput: Bool {
        guard let handle else { return false }
        var events: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(handle, ZMQ_EVENTS, &events, &size) == 0 else { return false }
        return events & Int32(ZMQ_POLLIN) != 0
    }
}
