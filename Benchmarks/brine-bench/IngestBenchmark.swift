import BrineCore
import BrineTesting
import JobCache
import MessagePack
import SaltWire
import SwarmBenchmark
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Return ingest through a running brine-master: simulated minions authenticate for real, then send
/// session-encrypted `_return` requests as fast as the master takes them; the rate counts returns
/// that reached the job cache, not just replies.
struct IngestBenchmark {
    let minions: Int
    let returnsPerMinion: Int
    let binDirectory: String
    let directory: String

    func run() throws -> [(String, Double)] {
        let master = try BenchMaster(.brine, directory: directory, programs: BenchMaster.Programs(brineBin: binDirectory, saltVenv: nil))
        defer { master.stop() }
        let config = try MasterConfig.load(configDir: master.configDir)
        let retPort = master.retPort

        let zmq = try ZMQContext(maxSockets: 4096)
        let endpoint = Endpoint.tcp("127.0.0.1", retPort)
        var frames: [[[UInt8]]] = []
        let base = UInt64(Timestamp.now() * 1_000_000)
        for number in 0..<minions {
            let id = "bench\(number)"
            let key = try RSAPrivateKey.generate()
            let session = try authenticate(id: id, key: key, zmq: zmq, endpoint: endpoint)
            let token = MessagePackValue.string(try MinionToken.make(key))
            frames.append((0..<returnsPerMinion).map { index in
                let load: MessagePackValue = [
                    "cmd": "_return", "id": .text(id), "success": true, "return": true, "retcode": 0,
                    "jid": .text(JID.format(microsecondsSinceEpoch: base + UInt64(index))), "fun": "test.ping",
                    "fun_args": [], "nonce": .text(Nonce.make()), "ts": 1, "tok": token,
                ]
                return MessagePack.encode(Envelope.aes(id: id, ciphertext: session.dumps(load)))
            })
        }
        let total = minions * returnsPerMinion
        let cache = try JobCache(readingAt: JobCache.path(cachedir: config.cachedir))
        let before = try cache.counts().returns
        var sockets: [ZMQSocket] = []
        for _ in 0..<minions {
            let socket = try ZMQSocket(context: zmq, type: .dealer)
            try socket.set(.sendHighWaterMark, 0)
            try socket.set(.receiveHighWaterMark, 0)
            try socket.connect(endpoint)
            sockets.append(socket)
        }
        let start = Timestamp.monotonic()
        var replies = 0
        let window = 64
        var sent = [Int](repeating: 0, count: minions)
        var outstanding = [Int](repeating: 0, count: minions)
        while replies < total {
            for index in 0..<minions {
                while outstanding[index] < window && sent[index] < returnsPerMinion {
                    try sockets[index].send([[], frames[index][sent[index]]])
                    sent[index] += 1
                    outstanding[index] += 1
                }
                while let _ = try sockets[index].receive(dontWait: true) {
                    outstanding[index] -= 1
                    replies += 1
                }
            }
            var poller = ZMQPoller()
            for socket in sockets { poller.add(socket) }
            _ = try poller.poll(timeoutMilliseconds: 10)
        }
        let acknowledged = Timestamp.monotonic() - start
        while try cache.counts().returns - before < total { usleep(2_000) }
        let stored = Timestamp.monotonic() - start
        for socket in sockets { socket.close() }
        zmq.shutdown()
        return [
            ("ingest: \(total) returns from \(minions) minions, acknowledged (returns/s)", Double(total) / acknowledged),
            ("ingest: same, in the job cache (returns/s)", Double(total) / stored),
        ]
    }

    private func authenticate(id: String, key: RSAPrivateKey, zmq: ZMQContext, endpoint: String) throws -> Crypticle {
        let socket = try ZMQSocket(context: zmq, type: .req)
        defer { socket.close() }
        try socket.set(.receiveTimeout, 10_000)
        try socket.connect(endpoint)
        let nonce = Nonce.make()
        let request = try AuthRequest.make(id: id, minionKey: key, masterKey: nil, token: "bench", nonce: nonce)
        try socket.send([MessagePack.encode(request)])
        guard let reply = try socket.receive()?.last,
              case .accepted(let credentials) = try AuthReply.open(
                try MessagePack.decode(reply), nonce: nonce, token: "bench", minionKey: key, pinnedMasterKey: nil)
        else { throw ProcessRunner.Failure(description: "\(id) was not accepted (is auto_accept on?)") }
        return credentials.session
    }
}
