import BrineCore
import Logging
import ZeroMQ

/// What the minions of one poll thread share: settings, the ZeroMQ context their sockets come from,
/// the grains template, the publication cache and the process's progress counters. It lives on that
/// thread only, as the sockets do.
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

    init(configuration: SwarmConfiguration, zmq: ZMQContext, grains: SwarmGrains, progress: SwarmProgress, logger: Logger) {
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
}
