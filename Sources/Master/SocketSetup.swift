import BrineCore
import ZeroMQ

/// Options for the master's two public sockets, from Salt's defaults: a deep accept backlog (a fleet
/// reconnects at once after a restart), TCP keepalive, and ZMTP heartbeats to notice dead peers.
enum SocketSetup {
    static func applyPublic(_ socket: ZMQSocket, config: MasterConfig) throws {
        try socket.set(.backlog, max(config.zmqBacklog, 1000))
        try socket.set(.tcpKeepalive, 1)
        try socket.set(.tcpKeepaliveIdle, 300)
        try socket.set(.heartbeatInterval, 10_000)
        try socket.set(.heartbeatTimeout, 30_000)
        if config.ipv6 || config.interface.contains(":") { try socket.set(.ipv6, 1) }
    }
}

/// In-process endpoints between the master's threads.
enum InProc {
    static let workers = "inproc://workers"
    static let publish = "inproc://publish"
    static let events = "inproc://events"
}
