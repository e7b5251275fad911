import BrineCore
import Logging
import MessagePack
import SaltWire
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Takes job loads from the local server, stamps the serial, encrypts with the master AES key, signs,
/// and hands the frames to the publish server process that owns `publish_port` (`PublishServer`).
/// With `zmq_filtering` each targeted minion gets a copy under its own topic, so libzmq filters on
/// the master side. The subscriptions the server's XPUB sees come back here for `Presence`.
/// The server is started with the master, and started again if it dies.
struct Publisher {
    let context: MasterContext
    let zmq: ZMQContext
    /// How to start the publish server: `brine-master`, its arguments, `PublishServer.option` and the pid.
    let serverCommand: [String]

    /// How long the server may take to bind the publish port.
    private static let startLimit = 30.0
    /// The least time between two starts of the server, so a crashing one does not spin.
    private static let restartInterval = 5.0
    /// Starts that fail in a row (the program cannot be run) before the publisher gives up: a master
    /// that cannot publish had better exit than take jobs that reach no one.
    private static let startAttempts = 3

    func run(_ gate: StartupGate, _ loop: DaemonLoop) {
        let channel = PublishChannel(config: context.config)
        let inbox: ZMQSocket
        let jobs: ZMQSocket
        let subscriptions: ZMQSocket
        do {
            inbox = try ZMQSocket(context: zmq, type: .pull)
            try inbox.bind(InProc.publish)
            jobs = try ZMQSocket(context: zmq, type: .push)
            try jobs.set(.sendHighWaterMark, 0)
            try jobs.bind(channel.jobs)
            subscriptions = try ZMQSocket(context: zmq, type: .pull)
            try subscriptions.bind(channel.subscriptions)
            for path in [channel.jobsPath, channel.subscriptionsPath] { chmod(path, 0o600) }
        } catch {
            gate.fail(error)
            return
        }
        var server = PublishServerProcess(command: serverCommand, logger: context.logger)
        defer { server.stop() }
        do {
            try server.start()
            try awaitReady(subscriptions, server: server)
        } catch {
            gate.fail(error)
            return
        }
        gate.succeed()
        var pending: [[[UInt8]]] = []
        var poller = ZMQPoller()
        let inboxIndex = poller.add(inbox)
        let subscriptionIndex = poller.add(subscriptions)
        loop.run {
            _ = try poller.poll(timeoutMilliseconds: pending.isEmpty ? 1000 : 100)
            if poller.isReadable(subscriptionIndex) {
                while let frames = try subscriptions.receive(dontWait: true) { take(frames) }
            }
            if poller.isReadable(inboxIndex) {
                while let message = try inbox.receive(dontWait: true) { pending += sealed(message[0]) }
            }
            try flush(&pending, to: jobs)
            if !server.isRunning { try restart(&server, dropping: &pending) }
        }
    }

    /// Hands the server what it takes now; frames sent leave `pending` even when a later send fails.
    private func flush(_ pending: inout [[[UInt8]]], to jobs: ZMQSocket) throws {
        var sent = 0
        defer { pending.removeFirst(sent) }
        while sent < pending.count, try jobs.send(pending[sent], dontWait: true) { sent += 1 }
    }

    /// Waits for the new server's word that the publish port is bound.
    private func awaitReady(_ subscriptions: ZMQSocket, server: PublishServerProcess) throws {
        var poller = ZMQPoller()
        _ = poller.add(subscriptions)
        let end = Timestamp.monotonic() + Self.startLimit
        while Timestamp.monotonic() < end {
            _ = try poller.poll(timeoutMilliseconds: 100)
            while let frames = try subscriptions.receive(dontWait: true) {
                switch PublishChannel.Message(frames) {
                case .ready?: return
                case .failed(let why)?: throw PublishServerProcess.Failure(description: why)
                case .subscription(let message)?: context.presence.apply(message)
                case nil: continue
                }
            }
            if !server.isRunning { throw server.exitFailure }
        }
        throw PublishServerProcess.Failure(description: "the publish server did not start within \(Int(Self.startLimit)) s")
    }

    private func take(_ frames: [[UInt8]]) {
        switch PublishChannel.Message(frames) {
        case .subscription(let message)?: context.presence.apply(message)
        case .ready?: context.logger.info("the publish server is back on \(context.config.interface):\(context.config.publishPort)")
        case .failed(let why)?: context.logger.error("the publish server could not start again: \(why)")
        case nil: break
        }
    }

    /// The server died: every minion's connection to the publish port went with it, and the jobs
    /// published meanwhile reach no one (their CLIs report the minions as not connected). Start another.
    private func restart(_ server: inout PublishServerProcess, dropping pending: inout [[[UInt8]]]) throws {
        if !pending.isEmpty {
            context.logger.error("dropped \(pending.count) publication(s): the publish server is down")
            pending.removeAll()
        }
        context.presence.connectionsLost()
        guard Timestamp.monotonic() - server.startedAt >= Self.restartInterval else { return }
        context.logger.error("\(server.exitFailure.description); starting it again")
        do {
            try server.start()
        } catch where server.failedStarts >= Self.startAttempts {
            throw DaemonLoop.Fatal("\(server.failedStarts) starts in a row failed", error)
        } catch {
            context.logger.error("\(error)")
        }
    }

    /// The frames for one job from the local server: one broadcast, or one per targeted minion.
    private func sealed(_ frame: [UInt8]) -> [[[UInt8]]] {
        do {
            var order = try PublicationOrder(decoding: frame)
            let (aes, serial) = context.aes.nextPublication()
            order.publication.serial = serial
            let sealed = try Publication.seal(
                order.publication.load, aes: aes, signingKey: context.config.signPubMessages ? context.masterKey : nil)
            guard context.config.zmqFiltering else { return [[sealed]] }
            guard let minions = order.topics else { return [[Publication.broadcastTopic, sealed]] }
            return minions.map { [Publication.topic(for: $0), sealed] }
        } catch {
            context.logger.error("could not publish a job: \(error)")
            return []
        }
    }
}
