import BrineCore
import MessagePack
import SaltWire
import ZeroMQ

/// Owns the PUB socket on `publish_port`: takes job loads from the local server, stamps the serial,
/// encrypts with the master AES key, signs, and broadcasts. With `zmq_filtering` each targeted minion
/// gets a copy under its own topic, so libzmq filters on the master side.
struct Publisher {
    let context: MasterContext
    let zmq: ZMQContext

    func run(_ gate: StartupGate) {
        let config = context.config
        let publisher: ZMQSocket
        let inbox: ZMQSocket
        do {
            publisher = try ZMQSocket(context: zmq, type: .pub)
            try SocketSetup.applyPublic(publisher, config: config)
            try publisher.set(.sendHighWaterMark, max(config.pubHWM, 1000))
            try publisher.bind(Endpoint.tcp(config.interface, config.publishPort))
            inbox = try ZMQSocket(context: zmq, type: .pull)
            try inbox.bind(InProc.publish)
        } catch {
            gate.fail(error)
            return
        }
        gate.succeed()
        while true {
            let message: [[UInt8]]
            do {
                guard let received = try inbox.receive() else { continue }
                message = received
            } catch {
                return
            }
            do {
                try publish(message[0], on: publisher)
            } catch {
                context.logger.error("could not publish a job: \(error)")
            }
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
