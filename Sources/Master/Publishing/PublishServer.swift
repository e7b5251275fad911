public import BrineCore
import Logging
import ZeroMQ

#if canImport(Glibc)
public import Glibc
#endif

/// The publish port in a process of its own (`brine-master --publish-server`, started by the master).
/// Every minion holds one connection here and one on the request port, and a process may hold only
/// `ulimit -n` descriptors (20,000 on many hosts): with the two ports in two processes, a master
/// serves as many minions as that limit, not half of it. The server keeps no state and does no
/// crypto: it sends the frames the master sealed and hands back the subscriptions the XPUB sees.
public enum PublishServer {
    /// The hidden option that makes `brine-master` run as the publish server; its value is the master's
    /// pid, so a server whose master died while it was starting knows at once.
    public static let option = "--publish-server"

    /// Runs until the master `parent` goes away (checked four times a second); returns the exit status,
    /// 1 when its loop could not go on (the master then starts another server).
    public static func run(config: MasterConfig, parent: pid_t) -> Int32 {
        let logger = Logger(label: "brine.master")
        let channel = PublishChannel(config: config)
        let zmq: ZMQContext
        let publisher: ZMQSocket
        let jobs: ZMQSocket
        let subscriptions: ZMQSocket
        do {
            zmq = try ZMQContext(ioThreads: 1, maxSockets: 16, zeroCopyReceive: false)
            subscriptions = try ZMQSocket(context: zmq, type: .push)
            try subscriptions.set(.sendHighWaterMark, 0)
            try subscriptions.connect(channel.subscriptions)
            jobs = try ZMQSocket(context: zmq, type: .pull)
            try jobs.connect(channel.jobs)
        } catch {
            logger.error("publish server: cannot reach the master: \(error)")
            return 1
        }
        do {
            publisher = try ZMQSocket(context: zmq, type: .xpub)
            try SocketSetup.applyPublic(publisher, config: config)
            try publisher.set(.sendHighWaterMark, max(config.pubHWM, 1000))
            try publisher.set(.xpubVerboser, 1)
            try bind(publisher, to: Endpoint.tcp(config.interface, config.publishPort))
            try subscriptions.send(PublishChannel.ready)
        } catch {
            _ = try? subscriptions.send(PublishChannel.failed("\(error)"))
            zmq.shutdown()
            return 1
        }
        var poller = ZMQPoller()
        let jobIndex = poller.add(jobs)
        let subscriptionIndex = poller.add(publisher)
        let failure = DaemonFailure(program: "brine-master publish server", logger: logger)
        let loop = DaemonLoop("publish", failure: failure, logger: logger, isShutdown: ZMQError.isTermination)
        loop.run(until: { getppid() != parent }) {
            _ = try poller.poll(timeoutMilliseconds: 250)
            if poller.isReadable(subscriptionIndex) {
                while let message = try publisher.receive(dontWait: true) { try subscriptions.send(message) }
            }
            if poller.isReadable(jobIndex) {
                while let message = try jobs.receive(dontWait: true) { try publisher.send(message) }
            }
        }
        return failure.reason == nil ? 0 : 1
    }

    /// Binds the publish port, waiting a while if it is taken: the server of a master that was just
    /// killed lets it go within a quarter of a second, once it notices its parent is gone.
    private static func bind(_ publisher: ZMQSocket, to endpoint: String) throws {
        let end = Timestamp.monotonic() + 5
        while true {
            do {
                return try publisher.bind(endpoint)
            } catch let error as ZMQError where error.code == EADDRINUSE && Timestamp.monotonic() < end {
                usleep(100_000)
            }
        }
    }
}
