public import MessagePack

/// What the master sends a local tool: the reply to its command, or an event of a job it watches.
public enum LocalMessage: Sendable, Equatable {
    case reply(MessagePackValue)
    /// `minion`: the authenticated minion a return came from (set by the master, never by a minion).
    case event(tag: String, data: MessagePackValue, minion: String?)

    /// nil for a frame that is neither (a newer master's message, say), which the tool skips.
    public init?(decoding frame: [UInt8]) {
        guard let message = try? MessagePack.decode(frame) else { return nil }
        switch message.string("kind") {
        case "reply": self = .reply(message["body"] ?? .nil)
        case "event":
            guard let tag = message.string("tag") else { return nil }
            self = .event(tag: tag, data: message["data"] ?? .nil, minion: message.string("minion"))
        default: return nil
        }
    }

    public var encoded: [UInt8] {
        switch self {
        case .reply(let body): return MessagePack.encode(["kind": "reply", "body": body])
        case .event(let tag, let data, let minion):
            var message: MessagePackValue = ["kind": "event", "tag": .text(tag), "data": data]
            if let minion { message["minion"] = .text(minion) }
            return MessagePack.encode(message)
        }
    }

    /// The error text of a reply the master could not serve.
    public static func failure(_ why: String) -> LocalMessage {
        .reply(["error": .text(why)])
    }
}
