import CZeroMQ

/// libzmq's socket monitor: connection events of a socket, delivered as messages on a PAIR socket, so
/// the owning thread polls them beside the socket itself.
extension ZMQSocket {
    /// The connection events Brine watches.
    public enum ConnectionEvent: Sendable, Equatable {
        case connected
        case disconnected
        case other(UInt16)

        init(code: UInt16) {
            switch Int32(code) {
            case ZMQ_EVENT_CONNECTED: self = .connected
            case ZMQ_EVENT_DISCONNECTED: self = .disconnected
            default: self = .other(code)
            }
        }
    }

    /// Starts reporting this socket's connects and disconnects; returns the PAIR socket (made on the
    /// calling thread, like every socket) that receives them at `endpoint` (an unused `inproc://` name).
    public func monitor(at endpoint: String, context: ZMQContext) throws -> ZMQSocket {
        let handle = try live("socket_monitor")
        guard zmq_socket_monitor(handle, endpoint, ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED) == 0 else {
            throw ZMQError("socket_monitor")
        }
        let events = try ZMQSocket(context: context, type: .pair)
        try events.connect(endpoint)
        return events
    }

    /// Reads one monitor message: two frames, the first starting with the event's 16-bit code.
    public static func connectionEvent(_ frames: [[UInt8]]) -> ConnectionEvent? {
        guard let first = frames.first, first.count >= 2 else { return nil }
        return ConnectionEvent(code: UInt16(first[0]) | UInt16(first[1]) << 8)
    }
}
