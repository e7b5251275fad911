import BrineCore
import MessagePack
import SaltWire
import ZeroMQ

/// Simulated minions that authenticate for real (the master needs `auto_accept`) and send `_return`s
/// as fast as the master takes them, a window of them in flight on each one's DEALER. Each reply is
/// matched to its request by the nonce inside it, so what the master acknowledged is known exactly:
/// the ingest benchmark counts it, the fault tests look every acknowledged return up in the job cache.
public final class ReturnSender {
    /// One return: the job and the minion that sent it.
    public struct Sent: Hashable, Sendable {
        public let jid: String
        public let minion: String

        public init(jid: String, minion: String) {
            self.jid = jid
            self.minion = minion
        }
    }

    private struct Minion {
        let id: String
        let socket: ZMQSocket
        let session: Crypticle
        let frames: [(nonce: String, sent: Sent, frame: [UInt8])]
        var next = 0
        var inFlight: [String: Sent] = [:]
    }

    private let zmq: ZMQContext
    private var minions: [Minion] = []
    /// What the master acknowledged, in the order it did.
    public private(set) var acknowledged: [Sent] = []

    /// Authenticates `count` minions (`<prefix>0`, ...) on `127.0.0.1:retPort` and seals their returns:
    /// each sends `returns` of them, for jids counting up from now.
    public init(retPort: Int, count: Int, returns: Int, prefix: String = "sender") throws {
        zmq = try ZMQContext(maxSockets: Int32(max(1023, count * 2 + 16)))
        let endpoint = Endpoint.tcp("127.0.0.1", retPort)
        let base = UInt64(Timestamp.now() * 1_000_000)
        for number in 0..<count {
            let id = "\(prefix)\(number)"
            let key = try RSAPrivateKey.generate()
            let session = try Self.authenticate(id: id, key: key, zmq: zmq, endpoint: endpoint)
            let token = try MinionToken.make(key)
            let frames = (0..<returns).map { index in
                let jid = JID.format(microsecondsSinceEpoch: base + UInt64(index))
                let ret = JobReturn(jid: jid, value: true, retcode: 0, success: true, function: "test.ping", functionArguments: [])
                let nonce = Nonce.make()
                let frame = SessionRequest.seal(ret.load(), id: id, nonce: nonce, time: 1, token: token, session: session)
                return (nonce, Sent(jid: jid, minion: id), frame)
            }
            let socket = try ZMQSocket(context: zmq, type: .dealer)
            try socket.set(.sendHighWaterMark, 0)
            try socket.set(.receiveHighWaterMark, 0)
            try socket.connect(endpoint)
            minions.append(Minion(id: id, socket: socket, session: session, frames: frames))
        }
    }

    /// Sends until every return is acknowledged, `stop` says so (it sees the count acknowledged so far),
    /// or nothing is acknowledged for `idleLimit` seconds (the master is gone). Returns the seconds spent.
    @discardableResult
    public func run(window: Int = 64, idleLimit: Double = 10, stop: (Int) -> Bool = { _ in false }) throws -> Double {
        let total = minions.reduce(0) { $0 + $1.frames.count }
        let start = Timestamp.monotonic()
        var lastProgress = start
        while acknowledged.count < total, !stop(acknowledged.count), Timestamp.monotonic() - lastProgress < idleLimit {
            var poller = ZMQPoller()
            for index in minions.indices {
                while minions[index].inFlight.count < window, minions[index].next < minions[index].frames.count {
                    let item = minions[index].frames[minions[index].next]
                    try minions[index].socket.send([[], item.frame])
                    minions[index].inFlight[item.nonce] = item.sent
                    minions[index].next += 1
                }
                poller.add(minions[index].socket)
            }
            _ = try poller.poll(timeoutMilliseconds: 10)
            for index in minions.indices {
                while let reply = try minions[index].socket.receive(dontWait: true) {
                    guard let sent = take(reply.last ?? [], from: &minions[index]) else { continue }
                    acknowledged.append(sent)
                    lastProgress = Timestamp.monotonic()
                }
            }
        }
        return Timestamp.monotonic() - start
    }

    public func close() {
        for minion in minions { minion.socket.close() }
        minions.removeAll()
    }

    /// The request a reply answers: the nonce the master sealed inside it.
    private func take(_ reply: [UInt8], from minion: inout Minion) -> Sent? {
        guard let ciphertext = (try? MessagePack.decode(reply))?.bytesValue,
              let plaintext = try? minion.session.decrypt(ciphertext), plaintext.count >= 40
        else { return nil }
        let nonce = String(decoding: plaintext[8..<40], as: UTF8.self)
        return minion.inFlight.removeValue(forKey: nonce)
    }

    private static func authenticate(id: String, key: RSAPrivateKey, zmq: ZMQContext, endpoint: String) throws -> Crypticle {
        let socket = try ZMQSocket(context: zmq, type: .req)
        defer { socket.close() }
        try socket.set(.receiveTimeout, 10_000)
        try socket.connect(endpoint)
        let nonce = Nonce.make()
        let request = try AuthRequest.make(id: id, minionKey: key, masterKey: nil, token: "sender", nonce: nonce)
        try socket.send([MessagePack.encode(request)])
        guard let reply = try socket.receive()?.last,
              case .accepted(let credentials) = try AuthReply.open(
                try MessagePack.decode(reply), nonce: nonce, token: "sender", minionKey: key, pinnedMasterKey: nil)
        else { throw ProcessRunner.Failure(description: "\(id) was not accepted (is auto_accept on?)") }
        return credentials.session
    }
}
