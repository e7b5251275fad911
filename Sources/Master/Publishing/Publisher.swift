import BrineCore
import Logging
import MessagePack
import SaltWire
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Takes jobs from the local server, stamps the serial, encrypts with the master AES key, signs, and
/// hands the frames to the publish server process that owns `publish_port` (`PublishServer`). With
/// `zmq_filtering` each targeted minion gets a copy under its own topic, so libzmq filters on the
/// master side. The server confirms what it sent; only then is a job published, and the local server
/// told so. A job the server did not confirm (it died, or stopped taking publications for
/// `stallLimit` seconds and was killed) was not sent, and the local server is told that instead: no
/// tool is ever told a job went out that did not. The subscriptions the server's XPUB sees come back
/// here for `Presence`. The server is started with the master, and started again if it dies.
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
    /// A server that has not confirmed a publication for this long is stuck (stopped, say): it is
    /// killed, so what it holds is known not to go out.
    static let stallLimit = 10.0

    func run(_ gate: StartupGate, _ loop: DaemonLoop) {
        let channel = PublishChannel(config: context.config)
        let inbox: ZMQSocket
        let outcomes: ZMQSocket
        let jobs: ZMQSocket
        let subscriptions: ZMQSocket
        do {
            inbox = try ZMQSocket(context: zmq, type: .pull)
            try inbox.bind(InProc.publish)
            outcomes = try ZMQSocket(context: zmq, type: .push)
            try outcomes.set(.sendHighWaterMark, 0)
            try outcomes.connect(InProc.publications)
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
        var ledger = PublicationLedger()
        var poller = ZMQPoller()
        let inboxIndex = poller.add(inbox)
        let subscriptionIndex = poller.add(subscriptions)
        loop.run {
            _ = try poller.poll(timeoutMilliseconds: ledger.isEmpty ? 1000 : 100)
            if poller.isReadable(subscriptionIndex) {
                while let frames = try subscriptions.receive(dontWait: true) {
                    for jid in take(frames, &ledger) { try outcomes.send([PublicationOutcome(jid: jid, notSent: nil).encoded]) }
                }
            }
            if poller.isReadable(inboxIndex) {
                while let message = try inbox.receive(dontWait: true) {
                    switch seal(message[0]) {
                    case .success(let (jid, messages)): ledger.add(jid: jid, messages: messages)
                    case .failure(let refusal): try outcomes.send([refusal.encoded])
                    }
                }
            }
            if server.isRunning, let since = ledger.oldestUnconfirmed, Timestamp.monotonic() - since > Self.stallLimit {
                context.logger.error("the publish server has not sent a publication for \(Int(Self.stallLimit)) s; killing it")
                server.kill()
            }
            if server.isRunning {
                while let message = ledger.next, try jobs.send(message, dontWait: true) { ledger.handed(at: Timestamp.monotonic()) }
            } else {
                for jid in ledger.abandonAll() {
                    context.logger.error("job \(jid) was not published: the publish server is down")
                    try outcomes.send([PublicationOutcome(jid: jid, notSent: "the publish server is down; it is being started again").encoded])
                }
                try restart(&server)
            }
        }
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
                case .sent?, nil: continue
                }
            }
            if !server.isRunning { throw server.exitFailure }
        }
        throw PublishServerProcess.Failure(description: "the publish server did not start within \(Int(Self.startLimit)) s")
    }

    /// One message from the server; returns the jobs it confirmed as published.
    private func take(_ frames: [[UInt8]], _ ledger: inout PublicationLedger) -> [String] {
        switch PublishChannel.Message(frames) {
        case .subscription(let message)?: context.presence.apply(message)
        case .sent(let count)?: return ledger.confirm(count)
        case .ready?: context.logger.info("the publish server is back on \(context.config.interface):\(context.config.publishPort)")
        case .failed(let why)?: context.logger.error("the publish server could not start again: \(why)")
        case nil: break
        }
        return []
    }

    /// The server died: every minion's connection to the publish port went with it. Start another.
    private func restart(_ server: inout PublishServerProcess) throws {
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

    /// The frames for one job from the local server: one broadcast, or one per targeted minion; or, when
    /// it cannot be sealed, the word that it was not sent.
    private func seal(_ frame: [UInt8]) -> Result<(String, [[[UInt8]]]), PublicationOutcome.Refusal> {
        let order: PublicationOrder
        do {
            order = try PublicationOrder(decoding: frame)
        } catch {
            context.logger.error("the publisher got an order it cannot read: \(error)")
            return .failure(PublicationOutcome.Refusal(PublicationOutcome(jid: "", notSent: "\(error)")))
        }
        var publication = order.publication
        do {
            let (aes, serial) = context.aes.nextPublication()
            publication.serial = serial
            let sealed = try Publication.seal(
                publication.load, aes: aes, signingKey: context.config.signPubMessages ? context.masterKey : nil)
            guard context.config.zmqFiltering else { return .success((publication.jid, [[sealed]])) }
            guard let minions = order.topics else { return .success((publication.jid, [[Publication.broadcastTopic, sealed]])) }
            return .success((publication.jid, minions.map { [Publication.topic(for: $0), sealed] }))
        } catch {
            context.logger.error("could not seal job \(publication.jid): \(error)")
            return .failure(PublicationOutcome.Refusal(PublicationOutcome(jid: publication.jid, notSent: "it could not be sealed: \(error)")))
        }
    }
}
