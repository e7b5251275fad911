import BrineCore
import ZeroMQ

/// Options for the master's two public sockets: a deep accept backlog (a fleet reconnects at once after
/// a restart) and TCP keepalive to notice minions that vanished without a word (about 105 s with the
/// defaults); ZMTP heartbeats only when configured (see `MasterConfig.zmqHeartbeatInterval`).
enum SocketSetup {
    static func applyPublic(_ socket: ZMQSocket, config: MasterConfig) throws {
        try socket.set(.backlog, max(config.zmqBacklog, 1000))
        try socket.set(.tcpKeepalive, 1)
        try socket.set(.tcpKeepaliveIdle, config.tcpKeepaliveIdle)
        try socket.set(.tcpKeepaliveCount, config.tcpKeepaliveCount)
        try socket.set(.tcpKeepaliveInterval, config.tcpKeepaliveInterval)
        if config.zmqHeartbeatInterval > 0 {
            try socket.set(.heartbeatInterval, config.zmqHeartbeatInterval)
            try socket.set(.heartbeatTimeout, config.zmqHeartbeatTimeout > 0 ? config.zmqHeartbeatTimeout : 3 * config.zmqHeartbeatInterval)
        }
        if config.ipv6 || config.interface.contains(":") { try socket.set(.ipv6, 1) }
    }
}

/// In-process endpoints between the master's threads.
enum InProc {
    static let workers = "inproc://workers"
    static let publish = "inproc://publish"
    /// The publisher's word on each job, back to the local server.
    static let publications = "inproc://publications"
    static let events = "inproc://events"
}
