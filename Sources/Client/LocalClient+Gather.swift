import BrineCore
import MessagePack

extension LocalClient {
    /// What one job's expected minions sent back within a timeout.
    public struct Gathered: Sendable {
        public var jid: String
        public var expected: [String]
        /// Full return loads (`return`, `retcode`, `success`, ...), by minion id.
        public var returns: [String: MessagePackValue]

        public var missing: [String] { expected.filter { returns[$0] == nil } }
    }

    /// Publishes a job and waits until every expected minion returned or `timeout` passed; for runners
    /// that need the fleet (`jobs.active`, `manage.*`). Returns nil when no minion matched.
    public func gather(
        target: MessagePackValue, targetType: String = "glob", function: String, arguments: [MessagePackValue] = [],
        timeout: Double
    ) throws -> Gathered? {
        let reply = try request([
            "cmd": "publish", "tgt": target, "tgt_type": .text(targetType), "fun": .text(function),
            "arg": .array(arguments), "ret": "", "user": .text(JobRun.userName()), "kwargs": ["delimiter": ":"],
            "watch": true,
        ])
        guard let jid = reply.string("jid") else { return nil }
        var gathered = Gathered(jid: jid, expected: reply["minions"]?.arrayValue?.compactMap(\.stringValue) ?? [], returns: [:])
        let deadline = Timestamp.monotonic() + timeout
        while gathered.returns.count < gathered.expected.count, let event = try nextEvent(until: deadline) {
            guard let id = Self.returningMinion(event.tag, jid: jid) else { continue }
            gathered.returns[id] = event.data
        }
        _ = try? request(["cmd": "unwatch"], timeout: 1)
        return gathered
    }

    /// The minion id of a `salt/job/<jid>/ret/<id>` tag for this jid.
    static func returningMinion(_ tag: String, jid: String) -> String? {
        let parts = tag.split(separator: "/", maxSplits: 4)
        guard parts.count == 5, parts[0] == "salt", parts[1] == "job", parts[2] == jid, parts[3] == "ret" else { return nil }
        return String(parts[4])
    }
}
