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

    /// The event as the local server hands it to the tools watching its job: `[jid, message]`, the
    /// message already encoded as `LocalMessage.event`, so the local server forwards the bytes a worker
    /// encoded (10,000 returns are 10,000 events) instead of decoding and encoding each again. The jid
    /// frame is empty for an event of no job.
    var forwardFrames: [[UInt8]] {
        [Array((tag.jid ?? "").utf8), localMessage]
    }

    var localMessage: [UInt8] {
        LocalMessage.event(tag: tag.description, data: data, minion: minion).encoded
    }
}
