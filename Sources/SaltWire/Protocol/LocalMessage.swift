public import MessagePack

/// What the master sends a local tool: the reply to its command, or an event of a job it watches.
public enum LocalMessage: Sendable, Equatable {
    case reply(MessagePackValue)
    case event(tag: String, data: MessagePackValue)

    /// nil for a frame that is neither (a newer master's message, say), which the tool skips.
    public init?(decoding frame: [UInt8]) {
        guard let message = try? MessagePack.decode(frame) else { return nil }
        switch message.string("kind") {
        case "reply": self = .reply(message["body"] ?? .nil)
        case "event":
            guard let tag = message.string("tag") else { return nil }
            self = .event(tag: tag, data: message["data"] ?? .nil)
        default: return nil
        }
    }

    public var encoded: [UInt8] {
        switch self {
        case .reply(let body): return MessagePack.encode(["kind": "reply", "body": body])
        case .event(let tag, let data): return MessagePack.encode(["kind": "event", "tag": .text(tag), "data": data])
        }
    }

    /// The error text of a reply the master could not serve.
    public static func failure(_ why: String) -> LocalMessage {
        .reply(["error": .text(why)])
    }
}
