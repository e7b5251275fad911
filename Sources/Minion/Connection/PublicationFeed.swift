import BrineCore
import SaltWire
import ZeroMQ

/// The minion's SUB socket on a master's publish port, and the monitor that says when the
/// connection drops. A dropped connection means the master (or its publish server) went away: the
/// minion authenticates again and then makes the SUB socket anew, so it connects at once instead of
/// after libzmq's randomised reconnect interval (up to `recon_max`), and no job is missed for it.
final class PublicationFeed {
    private let zmq: ZMQContext
    private let config: MinionConfig
    private let topic: [UInt8]
    private let host: String
    /// The master's place in the minion's list: it names the monitor's inproc endpoint.
    private let index: Int
    private(set) var subscriber: ZMQSocket
    private(set) var events: ZMQSocket
    private var generation = 0
    private var publishPort: Int

    init(zmq: ZMQContext, config: MinionConfig, id: String, host: String, index: Int, publishPort: Int) throws {
        self.zmq = zmq
        self.config = config
        self.host = host
        self.index = index
        topic = Publication.topic(for: id)
        self.publishPort = publishPort
        (subscriber, events) = try Self.open(
            zmq: zmq, config: config, topic: topic, host: host, port: publishPort, monitor: "\(index)-0")
    }

    /// Closes the socket and makes it anew, connecting now (to the port the master last announced).
    func reopen(publishPort: Int? = nil) throws {
        if let publishPort { self.publishPort = publishPort }
        subscriber.close()
        events.close()
        generation += 1
        (subscriber, events) = try Self.open(
            zmq: zmq, config: config, topic: topic, host: host, port: self.publishPort, monitor: "\(index)-\(generation)")
    }

    /// What the monitor reported since the last call: a connection made, a connection dropped.
    func connectionEvents() throws -> (connected: Bool, lost: Bool) {
        var seen = (connected: false, lost: false)
        while let frames = try events.receive(dontWait: true) {
            switch ZMQSocket.connectionEvent(frames) {
            case .connected?: seen.connected = true
            case .disconnected?: seen.lost = true
            default: break
            }
        }
        return seen
    }

    func close() {
        subscriber.close()
        events.close()
    }

    private static func open(
        zmq: ZMQContext, config: MinionConfig, topic: [UInt8], host: String, port: Int, monitor: String
    ) throws -> (ZMQSocket, ZMQSocket) {
        let subscriber = try ZMQSocket(context: zmq, type: .sub)
        // The own topic is subscribed even without filtering: the master learns from it that this
        // minion is connected (a duplicate subscription changes nothing in what is received).
        try subscriber.subscribe(config.zmqFiltering ? Publication.broadcastTopic : [])
        try subscriber.subscribe(topic)
        let base = config.reconDefault
        let interval = config.reconRandomize ? Int.random(in: base...(base + max(config.reconMax, 0))) : base
        try subscriber.set(.reconnectInterval, interval)
        try subscriber.set(.reconnectIntervalMax, config.reconMax)
        try subscriber.set(.tcpKeepalive, 1)
        try subscriber.set(.tcpKeepaliveIdle, 300)
        try subscriber.set(.heartbeatInterval, 10_000)
        try subscriber.set(.heartbeatTimeout, 30_000)
        if config.ipv6 || host.contains(":") { try subscriber.set(.ipv6, 1) }
        let events = try subscriber.monitor(at: "inproc://publication-feed-\(monitor)", context: zmq)
        try subscriber.connect(Endpoint.tcp(host, config.publishPort ?? port))
        return (subscriber, events)
    }
}
