import BrineCore
import MessagePack
import SaltWire
import ZeroMQ

/// Owns the publish socket on `publish_port`: takes job loads from the local server, stamps the serial,
/// encrypts with the master AES key, signs, and broadcasts. With `zmq_filtering` each targeted minion
/// gets a copy under its own topic, so libzmq filters on the master side. The socket is an XPUB
/// (a PUB on the wire) so the subscriptions it sees tell `Presence` who is connected.
struct Publisher {
    let context: MasterContext
    let zmq: ZMQContext

    func run(_ gate: StartupGate) {
        let config = context.config
        let publisher: ZMQSocket
        let inbox: ZMQSocket
        do {
            publisher = try ZMQSocket(context: zmq, type: .xpub)
            try SocketSetup.applyPublic(publisher, config: config)
            try publisher.set(.sendHighWaterMark, max(config.pubHWM, 1000))
            try publisher.set(.xpubVerboser, 1)
            try publisher.bind(Endpoint.tcp(config.interface, config.publishPort))
            inbox = try ZMQSocket(context: zmq, type: .pull)
            try inbox.bind(InProc.publish)
        } catch {
            gate.fail(error)
            return
        }
        gate.succeed()
        var poller = ZMQPoller()
        let jobs = poller.add(inbox)
        let subscriptions = poller.add(publisher)
        while true {
            do {
                _ = try poller.poll(timeoutMilliseconds: -1)
                if poller.isReadable(subscriptions) {
                    while let message = try publisher.receive(dontWait: true) { context.presence.apply(message[0]) }
                }
                if poller.isReadable(jobs) {
                    while let message = try inbox.receive(dontWait: true) { publishLogged(message[0], on: publisher) }
                }
            } catch {
                return
            }
        }
    }

    private func publishLogged(_ frame: [UInt8], on publisher: ZMQSocket) {
        do {
            try publish(frame, on: publisher)
        } catch {
            context.logger.error("could not publish a job: \(error)")
        }
    }

    private func publish(_ frame: [UInt8], on publisher: ZMQSocket) throws {
        let request = try MessagePack.decode(frame)
        guard var load = request["load"] else { return }
        let (aes, serial) = context.aes.nextPublication()
        load["serial"] = .int(serial)
        let sealed = try Publication.seal(
            load, aes: aes, signingKey: context.config.signPubMessages ? context.masterKey : nil)
        guard context.config.zmqFiltering else {
            try publisher.send([sealed])
            return
        }
        if let minions = request["minions"]?.arrayValue {
            for id in minions.compactMap(\.stringValue) {
                try publisher.send([Publication.topic(for: id), sealed])
            }
        } else {
            try publisher.send([Publication.broadcastTopic, sealed])
        }
    }
}
