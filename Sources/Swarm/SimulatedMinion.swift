import BrineCore
import Logging
import MessagePack
import SaltWire
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// One simulated minion, speaking to the master as a stock salt-minion 3008 does: `_auth` until accepted
/// (trusting the master key on first use, sending `token` once it has one), a SUB on the announced
/// publish port, `_pillar` with its grains, the start events, then a `_return` for every job that
/// names it. Its sockets belong to the poll thread that made it, which calls every method here. A
/// minion with several masters is one `SimulatedMinion` per master (a session each, as Salt's
/// `MinionManager` makes them), sharing a `SharedMinion`.
///
/// Requests go out on a DEALER as `["", payload]` (what a REQ puts on the wire), one at a time as REQ
/// allows; the rest wait in `queue`. An answer is matched to its request by the nonce inside it, so a
/// late answer to a request that timed out and was sent again is recognised and dropped.
final class SimulatedMinion {
    enum Phase {
        case waiting, authenticating, starting, ready
    }

    /// A session-encrypted command, from queued to answered. Its load leaves out `id`, `nonce`, `ts` and
    /// `tok`, which are added when it is sent.
    struct Command {
        enum Purpose {
            /// `_pillar` and the start events; `last` marks the one whose answer makes the minion ready.
            case startup(last: Bool)
            case ret(jid: String)
        }

        let load: MessagePackValue
        let purpose: Purpose
        /// Kept across resends: an answer to any copy answers the command.
        let nonce = Nonce.make()
        var sends = 0

        /// For the log: the command's `cmd`.
        var name: String { load.string("cmd") ?? "a command" }
    }

    private enum Request {
        case auth(nonce: String, token: String)
        case command(Command)
    }

    let identity: SwarmIdentity
    let context: ShardContext
    let dealer: ZMQSocket
    private(set) var subscriber: ZMQSocket?
    private var phase = Phase.waiting
    private(set) var credentials: AuthCredentials?
    private var pinnedMasterKey: RSAPublicKey?
    private var inFlight: Request?
    /// When the request on the wire times out.
    private var timeout = Double.infinity
    /// When to ask `_auth` again after a pending, rejected or failed answer.
    private var retryAuthAt = Double.infinity
    private var queue: [Command] = []
    /// Which of `configuration.masters` this session speaks to.
    let master: Int
    /// The dispatcher (shared with the minion's sessions with its other masters) and start-up count.
    let shared: SharedMinion
    /// `test.sleep` jobs still running: their publication, its proc record (for `saltutil.find_job`)
    /// and when they end.
    var sleeping: [String: (job: JobPublication, record: MessagePackValue, until: Double)] = [:]
    /// A publication that did not decrypt: opened again once a new `_auth` brought the current AES key.
    var heldPublication: [UInt8]?

    init(identity: SwarmIdentity, context: ShardContext, master: Int, shared: SharedMinion) throws {
        self.identity = identity
        self.context = context
        self.master = master
        self.shared = shared
        dealer = try ZMQSocket(context: context.zmq, type: .dealer)
        // Salt 3008.5's RequestClient names a minion's REQ socket so the master's ROUTER keeps one slot per client.
        try dealer.setIdentity(Array("salt-req/minion/\(identity.id)/\(getpid())/\(Digest.hex(SecureRandom.bytes(16)))".utf8))
        try dealer.set(.reconnectIntervalMax, 5000)
        try dealer.set(.tcpKeepalive, 1)
        try dealer.set(.tcpKeepaliveIdle, 300)
        try dealer.connect(context.requestEndpoints[master])
        try context.watch(dealer, of: self, subscriber: false)
    }

    var id: String { identity.id }
    /// Whether this minion sent since its shard last asked its sockets for input (`ShardContext.touched`).
    var isTouched = false

    /// The earliest moment `tick` has something to do.
    var nextDeadline: Double {
        min(timeout, retryAuthAt, sleeping.values.lazy.map(\.until).min() ?? .infinity)
    }

    func start(now: Double) {
        phase = .authenticating
        context.starting += 1
        sendAuth(now: now)
    }

    func close() {
        dealer.close()
        subscriber?.close()
    }

    /// Timeouts, auth retries and finished sleeps that are due.
    func tick(now: Double) {
        if now >= retryAuthAt {
            retryAuthAt = .infinity
            sendAuth(now: now)
        }
        if now >= timeout, let request = inFlight {
            timeout = .infinity
            inFlight = nil
            switch request {
            case .auth:
                context.logger.debug("\(id): _auth timed out, asking again")
                sendAuth(now: now)
            case .command(let command):
                timedOut(command, now: now)
            }
        }
        for (jid, job) in sleeping where job.until <= now {
            sleeping[jid] = nil
            finish(job.job, value: true, retcode: 0, outputter: nil, now: now)
        }
    }

    /// An answer from the master on the DEALER.
    func receiveReply(_ frames: [[UInt8]], now: Double) {
        guard let frame = frames.last, let request = inFlight else { return }
        switch request {
        case .auth(let nonce, let token):
            let reply: MessagePackValue
            do {
                reply = try MessagePack.decode(frame)
            } catch {
                context.logger.warning("\(id): undecodable answer from the master: \(error)")
                return
            }
            receiveAuthReply(reply, nonce: nonce, token: token, now: now)
        case .command(let command):
            receiveCommandReply(frame, command: command, now: now)
        }
    }

    /// Queues a session-encrypted command; it goes out once the ones before it are answered.
    func enqueue(_ load: MessagePackValue, purpose: Command.Purpose, now: Double) {
        queue.append(Command(load: load, purpose: purpose))
        pump(now: now)
    }

    /// The master lost our session or rotated its AES key: authenticate again, then resend whatever
    /// command was on the wire.
    func reauthenticate(now: Double) {
        if case .command(let command)? = inFlight { queue.insert(command, at: 0) }
        inFlight = nil
        sendAuth(now: now)
    }

    // MARK: - Authentication

    private func sendAuth(now: Double) {
        let nonce = Nonce.make()
        let token = Crypticle.generateKeyString()
        do {
            let request = try AuthRequest.make(
                id: id, minionKey: identity.key, masterKey: pinnedMasterKey, token: token, nonce: nonce)
            try send(MessagePack.encode(request))
            inFlight = .auth(nonce: nonce, token: token)
            timeout = now + context.configuration.authTimeout
        } catch {
            context.logger.error("\(id): cannot send _auth: \(error)")
            retryAuthAt = now + context.configuration.authTimeout
        }
    }

    private func receiveAuthReply(_ reply: MessagePackValue, nonce: String, token: String, now: Double) {
        let outcome: AuthOutcome
        do {
            outcome = try AuthReply.open(
                reply, nonce: nonce, token: token, minionKey: identity.key, pinnedMasterKey: pinnedMasterKey)
        } catch WireError.nonceMismatch {
            return  // the answer to an earlier _auth that timed out
        } catch {
            context.logger.warning("\(id): authentication failed: \(error)")
            finishRequest()
            retryAuthAt = now + context.configuration.authTimeout
            return
        }
        finishRequest()
        switch outcome {
        case .accepted(let credentials):
            authenticated(credentials, now: now)
        case .pending, .rejected, .full:
            context.logger.debug("\(id): not accepted (\(outcome)), asking again later")
            retryAuthAt = now + context.configuration.acceptanceWait
        case .algorithmRefused(let why):
            context.logger.error("\(id): the master refuses our algorithms: \(why)")
        }
    }

    private func authenticated(_ fresh: AuthCredentials, now: Double) {
        credentials = fresh
        if pinnedMasterKey == nil { pinnedMasterKey = fresh.masterKey }
        if subscriber == nil {
            do {
                subscriber = try makeSubscriber(port: fresh.publishPort)
            } catch {
                context.logger.error("\(id): cannot subscribe to publications: \(error)")
            }
        }
        if phase == .authenticating {
            phase = .starting
            startUp(now: now)
        }
        if let held = heldPublication {
            heldPublication = nil
            receivePublication([held], now: now)
        }
        pump(now: now)
    }

    /// The SUB socket as a stock minion sets it up (identity, keepalive, randomized reconnect; no ZMTP
    /// heartbeats, which Salt sets on the master's sockets only). Its own topic is subscribed beside
    /// everything, as brine-minion does: brine-master learns from it that this minion is connected.
    private func makeSubscriber(port: Int) throws -> ZMQSocket {
        let socket = try ZMQSocket(context: context.zmq, type: .sub)
        try socket.subscribe([])
        try socket.subscribe(shared.dispatcher.topic)
        try socket.setIdentity(Array(id.utf8))
        try socket.set(.reconnectInterval, Int.random(in: 1000...11_000))
        try socket.set(.reconnectIntervalMax, 10_000)
        try socket.set(.tcpKeepalive, 1)
        try socket.set(.tcpKeepaliveIdle, 300)
        try socket.connect(context.publishEndpoint(master: master, announced: port))
        try context.watch(socket, of: self, subscriber: true)
        return socket
    }

    /// Salt 3008's start-up requests, in its order (§9 of the wire notes).
    private func startUp(now: Double) {
        let requests = MinionStartup.requests(id: id, grains: context.grains.grains(for: id), startedAt: Timestamp.asctime())
        for (index, request) in requests.enumerated() {
            enqueue(request, purpose: .startup(last: index == requests.count - 1), now: now)
        }
    }

    // MARK: - Commands

    private func pump(now: Double) {
        guard inFlight == nil, retryAuthAt == .infinity, let credentials, !queue.isEmpty else { return }
        var command = queue.removeFirst()
        let frame = SessionRequest.seal(
            command.load, id: id, nonce: command.nonce, time: Int64(now.rounded(.down)), token: identity.token,
            session: credentials.session)
        do {
            try send(frame)
        } catch {
            context.logger.warning("\(id): cannot send \(command.name): \(error)")
        }
        command.sends += 1
        inFlight = .command(command)
        switch command.purpose {
        case .startup: timeout = now + context.configuration.requestTimeout
        case .ret: timeout = now + Double.random(in: context.configuration.returnTimeout)
        }
    }

    private func receiveCommandReply(_ frame: [UInt8], command: Command, now: Double) {
        guard let credentials else { return }
        do {
            _ = try SessionReply.open(frame, nonce: command.nonce, credentials: credentials, minionKey: identity.key)
        } catch .badLoad {
            context.logger.debug("\(id): the master answered bad load; authenticating again")
            reauthenticate(now: now)
            return
        } catch .nonceMismatch {
            return  // the answer to an earlier command that timed out
        } catch {
            context.logger.warning("\(id): bad answer to \(command.name): \(error)")
            return
        }
        finishRequest()
        completed(command, acknowledged: true)
        pump(now: now)
    }

    private func timedOut(_ command: Command, now: Double) {
        let tries = switch command.purpose {
        case .startup: 3
        case .ret: context.configuration.returnTries
        }
        if command.sends < tries {
            context.logger.debug("\(id): no answer to \(command.name), sending it again")
            queue.insert(command, at: 0)
        } else {
            context.logger.warning("\(id): giving up \(command.name) after \(command.sends) tries")
            completed(command, acknowledged: false)
        }
        pump(now: now)
    }

    private func completed(_ command: Command, acknowledged: Bool) {
        switch command.purpose {
        case .startup(let last):
            if last && phase == .starting {
                phase = .ready
                context.starting -= 1
                if shared.readyWithOneMaster() { context.progress.minionReady() }
            }
        case .ret(let jid):
            context.progress.returnSettled(jid: jid, acknowledged: acknowledged)
        }
    }

    private func finishRequest() {
        inFlight = nil
        timeout = .infinity
    }

    private func send(_ payload: [UInt8]) throws {
        // A DEALER queues while its connection is made; a full queue is left to the request's timeout.
        _ = try dealer.send([[], payload], dontWait: true)
        if !isTouched {
            isTouched = true
            context.touch(self)
        }
    }
}
