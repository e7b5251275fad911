import BrineCore
import MessagePack
import ZeroMQ

/// The tools' line to the running master: a DEALER on the master's ipc socket in `sock_dir`. It sends
/// commands and receives both their replies and the events of the jobs it watches.
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
        public let tag: String
        public let data: MessagePackValue
    }

    private let zmq: ZMQContext
    private let socket: ZMQSocket
    private var pendingEvents: [JobEvent] = []

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
    public func request(_ body: MessagePackValue, timeout: Double = 10) throws -> MessagePackValue {
        try socket.send([[], MessagePack.encode(body)])
        let deadline = Timestamp.monotonic() + timeout
        while true {
            guard let message = try receive(until: deadline) else { throw Failure.noAnswer }
            if message.string("kind") == "reply" { return message["body"] ?? .nil }
            if let event = Self.event(message) { pendingEvents.append(event) }
        }
    }

    /// The next job event, or nil when none arrives before `deadline` (a monotonic time).
    public func nextEvent(until deadline: Double) throws -> JobEvent? {
        if !pendingEvents.isEmpty { return pendingEvents.removeFirst() }
        while let message = try receive(until: deadline) {
            if let event = Self.event(message) { return event }
        }
        return nil
    }

    private static func event(_ message: MessagePackValue) -> JobEvent? {
        guard message.string("kind") == "event", let tag = message.string("tag") else { return nil }
        return JobEvent(tag: tag, data: message["data"] ?? .nil)
    }

    private func receive(until deadline: Double) throws -> MessagePackValue? {
        var poller = ZMQPoller()
        poller.add(socket)
        while true {
            let remaining = deadline - Timestamp.monotonic()
            guard remaining > 0 else { return nil }
            guard try poller.poll(timeoutMilliseconds: Int(remaining * 1000) + 1) > 0,
                  let frames = try socket.receive(dontWait: true), let payload = frames.last
            else { continue }
            if let message = try? MessagePack.decode(payload) { return message }
        }
    }

    /// Tells a running master that `brine-key` changed the pki dir. Returns false when no master runs.
    public static func notifyKeysChanged(config: MasterConfig, removed: [String], rotate: Bool) -> Bool {
        guard let client = try? LocalClient(config: config) else { return false }
        let body: MessagePackValue = [
            "cmd": "keys_changed", "removed": .array(removed.map(MessagePackValue.text)), "rotate": .bool(rotate),
        ]
        return (try? client.request(body, timeout: 5)) != nil
    }
}
