import BrineCore
public import MessagePack
public import SaltWire

extension LocalClient {
    /// What one job's expected minions sent back within a timeout.
    public struct Gathered: Sendable {
        public var jid: String
        public var expected: [String]
        public var returns: [String: JobReturn]

        public var missing: [String] { expected.filter { returns[$0] == nil } }
    }

    /// Publishes a job and waits until every expected minion returned or `timeout` passed; for runners
    /// that need the fleet (`jobs.active`, `manage.*`). Returns nil when no minion matched.
    public func gather(
        target: MessagePackValue, targetType: String = "glob", function: String, arguments: [MessagePackValue] = [],
        timeout: Double
    ) throws -> Gathered? {
        let reply = try publish(PublishRequest(
            target: target, targetType: targetType, function: .text(function), arguments: arguments,
            user: JobRun.userName(), watch: true))
        guard let jid = reply.jid else { return nil }
        var gathered = Gathered(jid: jid, expected: reply.minions, returns: [:])
        let deadline = Timestamp.monotonic() + timeout
        while gathered.returns.count < gathered.expected.count, let event = try nextEvent(until: deadline) {
            guard let (minion, ret) = event.jobReturn(of: jid) else { continue }
            gathered.returns[minion] = ret
        }
        unwatch()
        return gathered
    }
}
