import BrineCore
import MessagePack
import SaltWire
import Synchronization
import ZeroMQ

/// The master's request port for job threads (`cp.*`, `saltutil.sync_*`). A libzmq socket belongs
/// to one thread, so each `Conversation` has a REQ socket of its own, on the job's thread; they
/// share the session the socket thread authenticated last, and talk to that master (with several
/// masters, the one a failover minion uses now, or the last a hot one authenticated with), so a job's
/// file request costs no `_auth`.
public final class MasterChannel: Sendable {
    private let zmq: ZMQContext
    private let interrupt: WakeSignal
    private let id: String
    private let config: MinionConfig
    private let state = Mutex<Keys?>(nil)

    private struct Keys {
        var key: RSAPrivateKey
        var keyFiles: MinionKeyFiles
        var credentials: AuthCredentials?
        /// The master that opened `credentials`.
        var master: String
    }

    /// Why a conversation could not start: before the minion has its key (brine-call has no master).
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String { "no connection to the master" }
    }

    /// Seconds to wait for each answer (Salt's file client waits 60).
    static let requestTimeout = 60.0

    init(zmq: ZMQContext, id: String, config: MinionConfig, interrupt: WakeSignal) {
        self.zmq = zmq
        self.id = id
        self.config = config
        self.interrupt = interrupt
    }

    /// The minion's key pair is loaded: conversations may start.
    func start(key: RSAPrivateKey, keyFiles: MinionKeyFiles) {
        state.withLock { $0 = Keys(key: key, keyFiles: keyFiles, credentials: nil, master: config.master) }
    }

    /// The session of the latest `_auth` with `master`, by whichever thread made it.
    func update(_ credentials: AuthCredentials, master: String) {
        state.withLock {
            $0?.credentials = credentials
            $0?.master = master
        }
    }

    /// A conversation for the calling thread; its socket closes when it is released.
    func conversation() throws -> Conversation {
        guard let keys = state.withLock({ $0 }) else { throw Unavailable() }
        let link = MasterLink(zmq: zmq, endpoint: Endpoint.tcp(keys.master, config.masterPort), interrupt: interrupt)
        let session = try MasterSession(id: id, link: link, key: keys.key, keyFiles: keys.keyFiles, config: config)
        session.onAuthenticated = { [weak self] in self?.update($0, master: keys.master) }
        if let credentials = keys.credentials {
            session.adopt(credentials)
        } else {
            guard case .accepted = try session.authenticate() else { throw MasterSession.Failure.notAuthenticated("the master refused our key") }
        }
        return Conversation(link: link, session: session)
    }

    /// Requests from one job thread, one at a time.
    final class Conversation {
        private let link: MasterLink
        private let session: MasterSession

        fileprivate init(link: MasterLink, session: MasterSession) {
            self.link = link
            self.session = session
        }

        deinit { link.reset() }

        func send(_ load: MessagePackValue) throws -> MessagePackValue {
            try session.send(load, timeout: MasterChannel.requestTimeout)
        }
    }
}
