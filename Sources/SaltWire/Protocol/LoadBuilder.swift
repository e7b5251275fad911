import MessagePack

/// Building a load map in Salt's key order, optional fields only when set.
struct LoadBuilder {
    private(set) var pairs: [MessagePackPair] = []

    init(capacity: Int = 12) {
        pairs.reserveCapacity(capacity)
    }

    mutating func add(_ key: String, _ value: MessagePackValue) {
        pairs.append(MessagePackPair(.text(key), value))
    }

    mutating func add(_ key: String, _ value: MessagePackValue?) {
        if let value { add(key, value) }
    }

    mutating func add(_ key: String, _ text: String?) {
        if let text { add(key, .text(text)) }
    }

    mutating func append(_ others: [MessagePackPair]) {
        pairs += others
    }

    var map: MessagePackValue { .map(pairs) }
}
