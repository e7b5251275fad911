public import MessagePack

/// The master's answer to `publish`: the jid and the minions expected to answer, or why nothing was sent.
public struct PublishReply: Sendable, Equatable {
    public var jid: String?
    public var minions: [String]
    public var error: String?

    public static func published(jid: String, minions: [String]) -> PublishReply {
        PublishReply(jid: jid, minions: minions, error: nil)
    }

    public static func refused(_ why: String) -> PublishReply {
        PublishReply(jid: nil, minions: [], error: why)
    }

    public init(jid: String?, minions: [String], error: String?) {
        self.jid = jid
        self.minions = minions
        self.error = error
    }

    public init(_ body: MessagePackValue) {
        jid = body.string("jid")
        minions = body["minions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        error = body.string("error")
    }

    public var body: MessagePackValue {
        var builder = LoadBuilder(capacity: 3)
        builder.add("jid", jid.map(MessagePackValue.text) ?? .nil)
        builder.add("minions", .array(minions.map(MessagePackValue.text)))
        builder.add("error", error)
        return builder.map
    }
}
