import BrineCore
import Synchronization
import ZeroMQ

/// A running master: the threads of the design, each owning its sockets, sharing `MasterContext`.
public final class Master: Sendable {
    public let context: MasterContext
    private let zmq: ZMQContext
    private let publishServerCommand: [String]
    /// The threads, for joining at shutdown.
    private let threads = Mutex<[DaemonThread]>([])
    private let stopped = StopFlag()

    /// `publishServerCommand` starts the publish server process (`PublishServer`): brine-master's own
    /// command line plus `PublishServer.option` and this process's pid.
    public init(config: MasterConfig, publishServerCommand: [String]) throws {
        context = try MasterContext(config: config)
        zmq = try ZMQContext(ioThreads: 1, zeroCopyReceive: false)
        self.publishServerCommand = publishServerCommand
    }

    /// Binds every socket and starts every thread; throws the first setup error (a port in use, say).
    public func start() throws {
        let context = context
        let zmq = zmq
        let publishServerCommand = publishServerCommand
        try launch { LocalServer(context: context, zmq: zmq).run($0) }
        try launch { Publisher(context: context, zmq: zmq, serverCommand: publishServerCommand).run($0) }
        try launch { RequestServer(context: context, zmq: zmq).run($0) }
        for _ in 0..<context.config.workerThreads {
            try launch { MWorker(context: context, zmq: zmq).run($0) }
        }
        let stopped = stopped
        threads.withLock { $0.append(DaemonThread { Maintenance(context: context, stopped: stopped).run() }) }
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

    private func launch(_ body: @escaping @Sendable (StartupGate) -> Void) throws {
        let gate = StartupGate()
        threads.withLock { $0.append(DaemonThread { body(gate) }) }
        do {
            try gate.wait()
        } catch {
            stop()
            throw error
        }
    }
}
