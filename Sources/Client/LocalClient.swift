public import BrineCore
public import MessagePack
public import SaltWire
import ZeroMQ

/// The tools' line to the running master: a DEALER on the master's ipc socket in `sock_dir`. It sends
/// commands (`LocalCommand`) and receives both their replies and the events of the jobs it watches.
public final class LocalClient {
    public enum Failure: Error, CustomStringConvertible {
        case masterNotRunning(String)
        case noAnswer
        case refused(String)

        public var description: String {
            switch self {
            case .masterNotRunning(let path):
                return "brine-master is not running (no socket at \(path)); start it, or pass its config dir with -c"
            case .noAnswer: return "the master did not answer"
            case .refused(let why): return why
            }
        }
    }

    /// One incoming job event (a return, mostly).
    public struct JobEvent: Sendable {
        public let tag: EventTag
        public let data: MessagePackValue
        /// The minion the master authenticated as the sender (returns only).
        public let minion: String?

        /// The minion and its return, when this is the return event of job `jid`. Only the master's
        /// word counts: a return event without its attribution, or whose tag names another minion,
        /// is not one.
        public func jobReturn(of jid: String) -> (minion: String, ret: JobReturn)? {
            guard case .jobReturn(jid, let tagged) = tag, let minion, minion == tagged,
                  let ret = try? JobReturn(load: data)
            else { return nil }
            return (minion, ret)
        }
    }

    private let zmq: ZMQContext
    private let socket: ZMQSocket
    private var pendingEvents = EventBacklog<JobEvent>()

    public init(config: MasterConfig) throws {
        let path = config.sockDir + "/master.ipc"
        guard FileSystem.exists(path) else { throw Failure.masterNotRunning(path) }
        zmq = try ZMQContext()
        socket = try ZMQSocket(context: zmq, type: .dealer)
        try socket.set(.receiveHighWaterMark, 0)
        try socket.connect(config.localEndpoint)
    }

    deinit {
        socket.close()
    }

    /// Sends a command and waits for its reply, keeping any event that arrives first.
    public func request(_ command: LocalCommand, timeout: Double = 10) throws -> MessagePackValue {
        try socket.send([[], command.encoded])
        let deadline = Timestamp.monotonic() + timeout
        while true {
            guard let message = try receive(until: deadline) else { throw Failure.noAnswer }
            switch message {
            case .reply(let body): return body
            case .event(let tag, let data, let minion): pendingEvents.append(JobEvent(tag: EventTag(tag), data: data, minion: minion))
            }
        }
    }

    /// Publishes a job (or has it refused, with the reason in the reply).
    public func publish(_ request: PublishRequest) throws -> PublishReply {
        PublishReply(try self.request(.publish(request), timeout: 40))
    }

    /// The accepted minions a target names; the reply's error says why when it names none.
    public func resolve(_ target: MessagePackValue, type: String) throws -> PublishReply {
        PublishReply(try request(.resolve(target: target, targetType: type, delimiter: ":")))
    }

    /// The master's view of each minion's connection to the publish port.
    public func presence(_ ids: [String]) throws -> [String: MinionConnection] {
        let states = try request(.presence(ids))
        var byID: [String: MinionConnection] = [:]
        for pair in states.mapValue ?? [] {
            guard let id = pair.key.stringValue, let state = pair.value.stringValue.flatMap(MinionConnection.init) else { continue }
            byID[id] = state
        }
        return byID
    }

    /// Stops the events of every job this client watches; a missing answer is of no consequence.
    public func unwatch() {
        _ = try? request(.unwatch, timeout: 1)
    }

    /// The next job event, or nil when none arrives before `deadline` (a monotonic time).
    public func nextEvent(until deadline: Double) throws -> JobEvent? {
        if let event = pendingEvents.takeOldest() { return event }
        while let message = try receive(until: deadline) {
            if case .event(let tag, let data, let minion) = message { return JobEvent(tag: EventTag(tag), data: data, minion: minion) }
        }
        return nil
    }

    private func receive(until deadline: Double) throws -> LocalMessage? {
        var poller = ZMQPoller()
        poller.add(socket)
        while true {
            let remaining = deadline - Timestamp.monotonic()
            guard remaining > 0 else { return nil }
            guard try poller.poll(timeoutMilliseconds: Int(remaining * 1000) + 1) > 0,
                  let frames = try socket.receive(dontWait: true), let payload = frames.last
            else { continue }
            if let message = LocalMessage(decoding: payload) { return message }
        }
    }

    /// Tells a running master that `brine-key` changed the pki dir. Returns false when no master runs.
    public static func notifyKeysChanged(config: MasterConfig, removed: [String], rotate: Bool) -> Bool {
        guard let client = try? LocalClient(config: config) else { return false }
        return (try? client.request(.keysChanged(removed: removed, rotate: rotate), timeout: 5)) != nil
    }
}
