import CZeroMQ

/// The socket types Brine uses.
public enum ZMQSocketType: Sendable {
    case pub, xpub, sub, req, rep, router, dealer, push, pull, pair

    var rawValue: Int32 {
        switch self {
        case .pub: return ZMQ_PUB
        case .xpub: return ZMQ_XPUB
        case .sub: return ZMQ_SUB
        case .req: return ZMQ_REQ
        case .rep: return ZMQ_REP
        case .router: return ZMQ_ROUTER
        case .dealer: return ZMQ_DEALER
        case .push: return ZMQ_PUSH
        case .pull: return ZMQ_PULL
        case .pair: return ZMQ_PAIR
        }
    }
}

/// One libzmq socket. It is deliberately not `Sendable`: libzmq sockets must be used by one thread,
/// so each is made, used and closed on the thread that owns it; threads exchange messages instead.
public final class ZMQSocket {
    private(set) var handle: UnsafeMutableRawPointer?
    private let message: UnsafeMutablePointer<zmq_msg_t>
    /// Held so the context outlives its sockets: terminating a context waits for every socket of it to
    /// close, so a context released first would wait forever on sockets released after it.
    private let context: ZMQContext

    public init(context: ZMQContext, type: ZMQSocketType) throws {
        guard let handle = zmq_socket(context.handle, type.rawValue) else { throw ZMQError("zmq_socket") }
        self.handle = handle
        self.context = context
        message = .allocate(capacity: 1)
        zmq_msg_init(message)
        try set(ZMQ_LINGER, 0)
    }

    deinit {
        close()
        zmq_msg_close(message)
        message.deallocate()
    }

    /// Closes the socket now; later calls fail with `ENOTSOCK`.
    public func close() {
        if let handle {
            zmq_close(handle)
            self.handle = nil
        }
    }

    func live(_ operation: String) throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError(operation, code: ENOTSOCK) }
        return handle
    }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(try live("bind"), endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws {
        guard zmq_connect(try live("connect"), endpoint) == 0 else { throw ZMQError("connect \(endpoint)") }
    }

    /// The endpoint actually bound, e.g. with the port the kernel chose for `tcp://127.0.0.1:*`.
    public func lastEndpoint() throws -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        guard zmq_getsockopt(try live("getsockopt"), ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
            throw ZMQError("getsockopt(LAST_ENDPOINT)")
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sets an integer socket option by its libzmq code.
    func set(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(try live("setsockopt"), option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError("setsockopt(\(option))")
        }
    }

    /// Sets a bytes socket option by its libzmq code.
    func set(_ option: Int32, bytes: [UInt8]) throws {
        let handle = try live("setsockopt")
        let result = bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        guard result == 0 else { throw ZMQError("setsockopt(\(option))") }
    }

    public func subscribe(_ topic: [UInt8] = []) throws {
        try set(ZMQ_SUBSCRIBE, bytes: topic)
    }

    /// Sends one multipart message. Returns false when it would block (`dontWait`, or `SNDTIMEO` passed).
    @discardableResult
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws -> Bool {
        let handle = try live("send")
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
            if index < frames.count - 1 { flags |= ZMQ_SNDMORE }
            while true {
                let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if sent >= 0 { break }
                let error = ZMQError("send")
                if error.code == EINTR { continue }
                if error.isTimeout && index == 0 { return false }
                throw error
            }
        }
        return true
    }

    /// Receives one multipart message, or nil when none is there (`dontWait`) or `RCVTIMEO` passed.
    public func receive(dontWait: Bool = false) throws -> [[UInt8]]? {
        var ignored: String?
        return try receive(dontWait: dontWait, peerAddress: &ignored)
    }

    /// Receives one multipart message and its `Peer-Address` property. On an ipc socket libzmq
    /// reads the connecting process's credentials with `SO_PEERCRED` and appends them to that
    /// property as `:uid:gid:pid`: the kernel's word for who is on the other end.
    public func receive(dontWait: Bool = false, peerAddress: inout String?) throws -> [[UInt8]]? {
        let handle = try live("receive")
        var frames: [[UInt8]] = []
        repeat {
            let size = zmq_msg_recv(message, handle, dontWait ? ZMQ_DONTWAIT : 0)
            if size < 0 {
                let error = ZMQError("receive")
                if error.code == EINTR { continue }
                if error.isTimeout && frames.isEmpty { return nil }
                throw error
            }
            let data = zmq_msg_data(message)!.assumingMemoryBound(to: UInt8.self)
            frames.append(Array(UnsafeBufferPointer(start: data, count: Int(size))))
            if zmq_msg_more(message) == 0, let property = zmq_msg_gets(message, "Peer-Address") {
                peerAddress = String(cString: property)
            }
        } while zmq_msg_more(message) != 0
        return frames
    }
}
