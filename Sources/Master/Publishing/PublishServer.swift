public import BrineCore
import CSystem
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

    /// Runs until the master `parent` goes away, then leaves the process at once with status 0, or 1
    /// when its loop could not go on (the master then starts another server). The kernel kills the
    /// server when the master's publisher thread dies, however it dies (`PR_SET_PDEATHSIG`); the
    /// parent check four times a second covers a master that died before that was set.
    public static func run(config: MasterConfig, parent: pid_t) -> Never {
        let logger = Logger(label: "brine.master")
        if brine_set_parent_death_signal(SIGKILL) != 0 {
            logger.warning("publish server: cannot ask to die with the master: \(String(cString: strerror(errno)))")
        }
        guard getppid() == parent else { leave(0) }
        // A SIGHUP meant for the master (logrotate) must not end the server.
        signal(SIGHUP, SIG_IGN)
        leave(serve(config: config, parent: parent, logger: logger))
    }

    /// The server's life; its sockets and context are released when it returns (quickly: sockets do
    /// not linger, but for the one word of failure to the master).
    private static func serve(config: MasterConfig, parent: pid_t, logger: Logger) -> Int32 {
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
            try? subscriptions.set(.linger, 2000)
            _ = try? subscriptions.send(PublishChannel.failed(describe(error, port: config.publishPort)))
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
                var sent = 0
                while let message = try jobs.receive(dontWait: true) {
                    try publisher.send(message)
                    sent += 1
                }
                if sent > 0 { try subscriptions.send(PublishChannel.sent(sent)) }
            }
        }
        return failure.reason == nil ? 0 : 1
    }

    /// Ends the process at once, without running anything else that could wait on the master.
    private static func leave(_ status: Int32) -> Never {
        _exit(status)
    }

    /// The bind error, naming an orphaned publish server of an earlier master when one holds the port.
    private static func describe(_ error: any Error, port: Int) -> String {
        guard let orphan = ProcessTable.orphanedPublishServers(option: option).first else { return "\(error)" }
        return "\(error): pid \(orphan.pid) (\(orphan.commandLine)) is the publish server of an earlier brine-master (pid \(orphan.master)) that is gone; stop it (kill \(orphan.pid)) and start this master again"
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
