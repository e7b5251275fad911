public import MessagePack

/// `_minion_event`: events a minion fires on the master's bus, one (`tag` and `data`) or several
/// (`events`, a list of `{tag, data}`).
public struct MinionEvent: Sendable, Equatable {
    public static let command = "_minion_event"

    public struct Fired: Sendable, Equatable {
        public var tag: String
        public var data: MessagePackValue

        public init(tag: String, data: MessagePackValue) {
            self.tag = tag
            self.data = data
        }
    }

    /// The event sent as `tag` and `data`.
    public var single: Fired?
    /// The events sent as a list.
    public var batch: [Fired]
    public var pretag: MessagePackValue = .nil

    public init(_ event: Fired) {
        single = event
        batch = []
    }

    public init(load: MessagePackValue) throws(WireError) {
        var fields = try LoadFields(load, what: "an event")
        if let tag = fields.take("tag", as: \.stringValue) {
            single = Fired(tag: tag, data: fields.take("data") ?? .nil)
        }
        batch = (fields.take("events", as: \.arrayValue) ?? []).compactMap { event in
            event.string("tag").map { Fired(tag: $0, data: event["data"] ?? .nil) }
        }
        pretag = fields.take("pretag") ?? .nil
    }

    /// The load in Salt's key order (`_fire_master_prepare`).
    public var load: MessagePackValue {
        var builder = LoadBuilder(capacity: 5)
        builder.add("cmd", .text(Self.command))
        builder.add("pretag", pretag)
        if let single {
            builder.add("data", single.data)
            builder.add("tag", .text(single.tag))
        }
        if !batch.isEmpty {
            builder.add("events", .array(batch.map { ["tag": .text($0.tag), "data": $0.data] }))
        }
        return builder.map
    }
}
