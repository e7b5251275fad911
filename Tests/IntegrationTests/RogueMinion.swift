import BrineCore
import MessagePack
import SaltWire
import ZeroMQ

/// An attacker with an accepted minion key, speaking to a real master the way a minion does, one
/// REQ socket per request: it authenticates, reads publications off the publish port (it holds the
/// AES key, as every accepted minion does) and sends what it likes.
struct RogueMinion {
    let id: String
    let retPort: Int
    var host = "127.0.0.1"
    let key = try! RSAPrivateKey.generate()

    /// Authenticates until the master (with `auto_accept`) hands over the keys.
    func authenticate() throws -> AuthCredentials {
        for _ in 0..<20 {
            let nonce = Nonce.make()
            let request = try AuthRequest.make(id: id, minionKey: key, masterKey: nil, token: "t", nonce: nonce)
            if let reply = try AttackTests.request(MessagePack.encode(request), port: retPort, host: host, timeout: 5),
               case .accepted(let credentials) = try AuthReply.open(try MessagePack.decode(reply), nonce: nonce, token: "t", minionKey: key, pinnedMasterKey: nil) {
                return credentials
            }
        }
        throw WireError.missingField("an accepting master")
    }

    /// Sends a session request; the master's decrypted answer.
    @discardableResult
    func send(_ load: MessagePackValue, _ credentials: AuthCredentials) throws -> MessagePackValue {
        let nonce = Nonce.make()
        let frame = SessionRequest.seal(load, id: id, nonce: nonce, time: 1, token: try MinionToken.make(key), session: credentials.session)
        guard let reply = try AttackTests.request(frame, port: retPort, host: host, timeout: 5) else { throw WireError.missingField("reply") }
        return try SessionReply.open(reply, nonce: nonce, credentials: credentials, minionKey: key)
    }

    /// The first publication for `target` seen on the publish port within `timeout` seconds.
    static func readJob(for target: String, on subscriber: ZMQSocket, aes: Crypticle, timeout: Double) throws -> JobPublication? {
        let end = Timestamp.monotonic() + timeout
        var poller = ZMQPoller()
        poller.add(subscriber)
        while Timestamp.monotonic() < end {
            guard try poller.poll(timeoutMilliseconds: 100) > 0 else { continue }
            while let frames = try subscriber.receive(dontWait: true) {
                guard let load = try? Publication.open(frames[frames.count - 1], aes: aes, masterKey: nil),
                      let job = try? JobPublication(load: load), job.target.stringValue == target
                else { continue }
                return job
            }
        }
        return nil
    }
}
