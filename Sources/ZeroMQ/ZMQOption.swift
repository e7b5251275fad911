import CZeroMQ

/// The socket options Brine sets, named, so only this module sees libzmq's constants.
public enum ZMQOption: Sendable {
    case linger, sendHighWaterMark, receiveHighWaterMark, backlog
    case heartbeatInterval, heartbeatTimeout, heartbeatTTL
    case tcpKeepalive, tcpKeepaliveIdle, tcpKeepaliveCount, tcpKeepaliveInterval
    case routerHandover, routerMandatory, ipv6
    case receiveTimeout, sendTimeout, reconnectInterval, reconnectIntervalMax
    case immediate, connectTimeout
    /// XPUB: pass every subscribe and unsubscribe up, duplicates included (presence tracking).
    case xpubVerboser
    /// Largest inbound message; larger ones make libzmq drop the connection (64-bit option).
    case maxMessageSize

    var code: Int32 {
        switch self {
        case .linger: return ZMQ_LINGER
        case .sendHighWaterMark: return ZMQ_SNDHWM
        case .receiveHighWaterMark: return ZMQ_RCVHWM
        case .backlog: return ZMQ_BACKLOG
        case .heartbeatInterval: return ZMQ_HEARTBEAT_IVL
        case .heartbeatTimeout: return ZMQ_HEARTBEAT_TIMEOUT
        case .heartbeatTTL: return ZMQ_HEARTBEAT_TTL
        case .tcpKeepalive: return ZMQ_TCP_KEEPALIVE
        case .tcpKeepaliveIdle: return ZMQ_TCP_KEEPALIVE_IDLE
        case .tcpKeepaliveCount: return ZMQ_TCP_KEEPALIVE_CNT
        case .tcpKeepaliveInterval: return ZMQ_TCP_KEEPALIVE_INTVL
        case .routerHandover: return ZMQ_ROUTER_HANDOVER
        case .routerMandatory: return ZMQ_ROUTER_MANDATORY
        case .ipv6: return ZMQ_IPV6
        case .receiveTimeout: return ZMQ_RCVTIMEO
        case .sendTimeout: return ZMQ_SNDTIMEO
        case .reconnectInterval: return ZMQ_RECONNECT_IVL
        case .reconnectIntervalMax: return ZMQ_RECONNECT_IVL_MAX
        case .immediate: return ZMQ_IMMEDIATE
        case .connectTimeout: return ZMQ_CONNECT_TIMEOUT
        case .xpubVerboser: return ZMQ_XPUB_VERBOSER
        case .maxMessageSize: return ZMQ_MAXMSGSIZE
        }
    }
}

extension ZMQSocket {
    public func set(_ option: ZMQOption, _ value: Int) throws {
        if case .maxMessageSize = option {
            var wide = Int64(value)
            guard let handle else { throw ZMQError("setsockopt", code: ENOTSOCK) }
            guard zmq_setsockopt(handle, option.code, &wide, MemoryLayout<Int64>.size) == 0 else {
                throw ZMQError("setsockopt(MAXMSGSIZE)")
            }
            return
        }
        try set(option.code, Int32(clamping: value))
    }

    /// The identity a ROUTER peer will see (`ZMQ_IDENTITY`).
    public func setIdentity(_ identity: [UInt8]) throws {
        try set(ZMQ_IDENTITY, bytes: identity)
    }
}
