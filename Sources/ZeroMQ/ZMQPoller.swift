import CZeroMQ

/// Waits on several sockets and file descriptors at once, so one thread can serve a socket and
/// still hear a wake-up (an eventfd) from the threads that hand it work.
public struct ZMQPoller: ~Copyable {
    private var items: [zmq_pollitem_t] = []

    public init() {}

    /// Adds a socket; returns its index for `isReadable(_:)`.
    @discardableResult
    public mutating func add(_ socket: ZMQSocket) -> Int {
        items.append(zmq_pollitem_t(socket: socket.handle, fd: -1, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Adds a plain file descriptor (e.g. an eventfd); returns its index.
    @discardableResult
    public mutating func add(fileDescriptor: Int32) -> Int {
        items.append(zmq_pollitem_t(socket: nil, fd: fileDescriptor, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Blocks up to `timeoutMilliseconds` (-1: forever); returns how many items are readable.
    public mutating func poll(timeoutMilliseconds: Int) throws -> Int {
        while true {
            let count = items.withUnsafeMutableBufferPointer {
                zmq_poll($0.baseAddress, Int32($0.count), timeoutMilliseconds)
            }
            if count >= 0 { return Int(count) }
            let error = ZMQError("poll")
            if error.code != EINTR { throw error }
        }
    }

    public func isReadable(_ index: Int) -> Bool {
        items[index].revents & Int16(ZMQ_POLLIN) != 0
    }
}

/// Connects a frontend to a backend (`zmq_proxy`), the way the master's ROUTER feeds its MWorkers
/// through a DEALER. `zmq_proxy` only ever returns on an error, `ETERM` when the context shuts down;
/// that error is thrown.
public func runProxy(frontend: ZMQSocket, backend: ZMQSocket) throws {
    zmq_proxy(frontend.handle, backend.handle, nil)
    throw ZMQError("zmq_proxy")
}
