public import BrineCore
import Logging
import Synchronization
import ZeroMQ

/// A running master: the threads of the design, each owning its sockets, sharing `MasterContext`.
public final class Master: Sendable {
    public let context: MasterContext
    /// Set once a thread has stopped for good; brine-master then exits non-zero.
    public let failure: DaemonFailure
    private let zmq: ZMQContext
    private let publishServerCommand: [String]
    /// The threads, for joining at shutdown.
    private let threads = Mutex<[DaemonThread]>([])
    private let stopped = StopFlag()

    /// - Parameters:
    ///   - publishServerCommand: starts the publish server process (`PublishServer`): brine-master's own
    ///     command line plus `PublishServer.option` and this process's pid.
    ///   - onThreadFailure: called when a thread cannot go on, to wake the main thread.
    public init(config: MasterConfig, publishServerCommand: [String], onThreadFailure: @escaping @Sendable () -> Void) throws {
        context = try MasterContext(config: config)
        config.logUnknownOptions(to: context.logger)
        failure = DaemonFailure(program: "brine-master", logger: context.logger, wake: onThreadFailure)
        zmq = try ZMQContext(ioThreads: 1, zeroCopyReceive: false)
        self.publishServerCommand = publishServerCommand
    }

    /// Binds every socket and starts every thread; throws the first setup error (a port in use, say).
    public func start() throws {
        let context = context
        Daemon.onHangup {
            do {
                try context.audit.reopen()
            } catch {
                context.logger.error("audit_log: cannot open it again after SIGHUP: \(error)")
            }
        }
        let zmq = zmq
        let publishServerCommand = publishServerCommand
        context.cacheWriter.start(loop("job cache writer"))
        try launch("local server") { LocalServer(context: context, zmq: zmq).run($0, $1) }
        try launch("publisher") { Publisher(context: context, zmq: zmq, serverCommand: publishServerCommand).run($0, $1) }
        try launch("request server") { RequestServer(context: context, zmq: zmq).run($0, $1) }
        for index in 1...context.config.workerThreads {
            try launch("worker \(index)") { MWorker(context: context, zmq: zmq).run($0, $1) }
        }
        let stopped = stopped
        let maintenance = loop("maintenance")
        threads.withLock { $0.append(DaemonThread { Maintenance(context: context, stopped: stopped).run(maintenance) }) }
        context.logger.info(
            "brine-master is up: publish \(context.config.interface):\(context.config.publishPort), requests \(context.config.interface):\(context.config.retPort), \(context.config.workerThreads) workers")
    }

    /// Stops every thread and waits for them, then writes what the job cache still has queued.
    public func stop() {
        stopped.raise()
        zmq.shutdown()
        let all = threads.withLock { threads in
            defer { threads.removeAll() }
            return threads
        }
        for thread in all { thread.join() }
        context.cacheWriter.stop()
    }

    private func loop(_ name: String) -> DaemonLoop {
        DaemonLoop(name, failure: failure, logger: context.logger, isShutdown: ZMQError.isTermination)
    }

    /// Starts a thread that owns sockets; it reports through the gate whether its setup worked, then
    /// runs through the loop.
    private func launch(_ name: String, _ body: @escaping @Sendable (StartupGate, DaemonLoop) -> Void) throws {
        let gate = StartupGate()
        let loop = loop(name)
        threads.withLock { $0.append(DaemonThread { body(gate, loop) }) }
        do {
            try gate.wait()
        } catch {
            stop()
            throw error
        }
    }
}
