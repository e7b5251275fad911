import MessagePack

/// The pairs of a load map being read into a typed message: each known key is taken out once, and
/// whatever is left (keys this side does not know, or a known key holding an unexpected kind of
/// value) stays in `rest`, so a message from a newer or stock Salt peer passes through unchanged.
struct LoadFields {
    private(set) var rest: [MessagePackPair]

    init(_ load: MessagePackValue, what: String) throws(WireError) {
        guard let pairs = load.mapValue else { throw .malformed("\(what) is not a map") }
        rest = pairs
    }

    /// The value under `key`, removed from `rest`; the first one wins if the key repeats.
    mutating func take(_ key: String) -> MessagePackValue? {
        let wanted = Array(key.utf8)
        guard let index = rest.firstIndex(where: { $0.key.bytesValue == wanted }) else { return nil }
        return rest.remove(at: index).value
    }

    /// The value under `key` converted by `convert`; left in `rest` when it does not convert.
    mutating func take<T>(_ key: String, as convert: (MessagePackValue) -> T?) -> T? {
        let wanted = Array(key.utf8)
        guard let index = rest.firstIndex(where: { $0.key.bytesValue == wanted }),
              let converted = convert(rest[index].value)
        else { return nil }
        rest.remove(at: index)
        return converted
    }

    /// The value under `key` when it passes `test`; left in `rest` when it does not. (A converting
    /// closure cannot say "no" here: `nil` would be taken for msgpack's nil.)
    mutating func take(_ key: String, where test: (MessagePackValue) -> Bool) -> MessagePackValue? {
        let wanted = Array(key.utf8)
        guard let index = rest.firstIndex(where: { $0.key.bytesValue == wanted }), test(rest[index].value) else { return nil }
        return rest.remove(at: index).value
    }

    /// A field the message cannot do without.
    mutating func require<T>(_ key: String, as convert: (MessagePackValue) -> T?) throws(WireError) -> T {
        guard let value = take(key, as: convert) else { throw .missingField(key) }
        return value
    }

    mutating func require(_ key: String, where test: (MessagePackValue) -> Bool) throws(WireError) -> MessagePackValue {
        guard let value = take(key, where: test) else { throw .missingField(key) }
        return value
    }
}

extension MessagePackValue {
    /// A function or target field: a name, or a list (multi-function jobs, list targets).
    var isNameOrList: Bool { stringValue != nil || arrayValue != nil }
}
