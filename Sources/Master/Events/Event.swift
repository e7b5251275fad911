import BrineCore
public import MessagePack
public import SaltWire

/// An event on the master's bus (`salt/job/<jid>/ret/<id>`, `salt/auth`, ...). Workers fire them; the
/// local server hands them to the tools that watch the job.
public struct Event: Sendable {
    public var tag: EventTag
    public var data: MessagePackValue
    /// The minion whose authenticated session produced this event (a job's return), as the master
    /// knows it: the tools attribute a return to this id, never to one read from the tag or the data.
    public var minion: String?

    /// Adds Salt's `_stamp` to map data.
    public init(_ tag: EventTag, data: MessagePackValue, minion: String? = nil) {
        self.tag = tag
        var stamped = data
        if stamped.mapValue != nil && stamped["_stamp"] == nil { stamped["_stamp"] = .text(Timestamp.iso8601()) }
        self.data = stamped
        self.minion = minion
    }

    public var encoded: [UInt8] {
        var builder: MessagePackValue = ["tag": .text(tag.description), "data": data]
        if let minion { builder["minion"] = .text(minion) }
        return MessagePack.encode(builder)
    }

    public init?(decoding frame: [UInt8]) {
        guard let value = try? MessagePack.decode(frame), let tag = value.string("tag") else { return nil }
        self.tag = EventTag(tag)
        self.data = value["data"] ?? .nil
        self.minion = value.string("minion")
    }
}
