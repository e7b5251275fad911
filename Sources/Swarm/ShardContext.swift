import BrineCore
import Logging
import ZeroMQ

/// What the minions of one poll thread share: settings, the ZeroMQ context their sockets come from,
/// the grains template, the publication cache, the process's progress counters, and the epoll set their
/// sockets are watched in. It lives on that thread only, as the sockets do.
final class ShardContext {
    let configuration: SwarmConfiguration
    let zmq: ZMQContext
    let grains: SwarmGrains
    let progress: SwarmProgress
    let decoder = PublicationDecoder()
    let logger: Logger
    /// Each master's `ret_port` endpoint, in the order of `configuration.masters`.
    let requestEndpoints: [String]
    /// Minions of this thread that have started but are not up yet (see `SwarmConfiguration.maxStarting`).
    var starting = 0
    /// Every socket of this thread's minions; `readiness` reports them by their index here.
    let readiness: ReadinessSet
    private(set) var watched: [(minion: SimulatedMinion, subscriber: Bool)] = []
    /// Minions that sent since the thread last looked: a socket's readiness
    /// descriptor does not signal a message that came during a send, so the thread asks them itself.
    private(set) var touched: [SimulatedMinion] = []

    init(configuration: SwarmConfiguration, zmq: ZMQContext, grains: SwarmGrains, progress: SwarmProgress, logger: Logger) throws {
        readiness = try ReadinessSet()
        self.configuration = configuration
        self.zmq = zmq
        self.grains = grains
        self.progress = progress
        self.logger = logger
        requestEndpoints = configuration.masters.map { Endpoint.tcp($0, configuration.masterPort) }
    }

    /// Where SUB sockets to master number `master` connect: the port it announced, unless overridden.
    func publishEndpoint(master: Int, announced port: Int) -> String {
        Endpoint.tcp(configuration.masters[master], configuration.publishPort ?? port)
    }

    /// Watches one of `minion`'s sockets, its SUB or its DEALER.
    func watch(_ socket: ZMQSocket, of minion: SimulatedMinion, subscriber: Bool) throws {
        try readiness.add(socket.readinessDescriptor(), token: UInt64(watched.count))
        watched.append((minion, subscriber))
    }

    func touch(_ minion: SimulatedMinion) {
        touched.append(minion)
    }

    /// The minions touched since the last call, each once.
    func takeTouched() -> [SimulatedMinion] {
        defer { touched.removeAll(keepingCapacity: true) }
        return touched
    }
}
