import CZeroMQ

/// A libzmq context. libzmq makes contexts thread-safe, so one is shared by every thread of a process
/// (hence `@unchecked Sendable`: the compiler cannot see that behind the raw handle); sockets made
/// from it are not, and stay on the thread that made them.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// libzmq's `ZMQ_ZERO_COPY_RECV` context option; a draft constant, so not in the stable header,
    /// but libzmq 4.3 honours it.
    private static let zeroCopyReceive: Int32 = 10

    /// - Parameters:
    ///   - maxSockets: libzmq's default of 1023 is too few for a master with thousands of minions or a
    ///     swarm; it must be set before the first socket exists.
    ///   - zeroCopyReceive: with it (libzmq's default) each connection decodes into ~18 KB buffers that
    ///     live as long as any message received into them; without it, into one 8 KB buffer that
    ///     messages are copied out of. Servers with thousands of connections save memory without it.
    public init(ioThreads: Int32 = 1, maxSockets: Int32 = 1023, zeroCopyReceive: Bool = true) throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        self.handle = handle
        zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
        zmq_ctx_set(handle, Self.zeroCopyReceive, zeroCopyReceive ? 1 : 0)
        if zmq_ctx_set(handle, ZMQ_MAX_SOCKETS, maxSockets) != 0 {
            let error = ZMQError("zmq_ctx_set(MAX_SOCKETS)")
            zmq_ctx_term(handle)
            throw error
        }
    }

    /// Makes every blocking call on every socket of this context fail with `ETERM`, so owning threads
    /// notice, close their sockets and return. Safe to call from any thread, more than once.
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    deinit {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}
