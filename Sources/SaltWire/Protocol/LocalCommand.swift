public import MessagePack

/// What the local tools ask the master over its ipc socket in `sock_dir`. This channel is Brine's
/// own (Salt's CLI talks to its master differently), so only `brine*` tools and the master speak it.
public enum LocalCommand: Sendable, Equatable {
    case publish(PublishRequest)
    /// Which accepted minions a target names, publishing nothing (batches need them first).
    case resolve(target: MessagePackValue, targetType: String, delimiter: String)
    /// Whether each minion holds a connection to the publish port.
    case presence([String])
    /// Stop streaming events to this tool.
    case unwatch
    /// `brine-key` changed the pki dir: forget `removed`, and rotate the AES key if asked.
    case keysChanged(removed: [String], rotate: Bool)
    case ping

    public init(decoding frame: [UInt8]) throws(WireError) {
        let request: MessagePackValue
        do {
            request = try MessagePack.decode(frame)
        } catch {
            throw .malformed("\(error)")
        }
        switch request.string("cmd") {
        case "publish": self = .publish(try PublishRequest(load: request))
        case "resolve":
            self = .resolve(
                target: request["tgt"] ?? "*", targetType: request.string("tgt_type") ?? "glob",
                delimiter: request.string("delimiter") ?? ":")
        case "presence": self = .presence(request["ids"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        case "unwatch": self = .unwatch
        case "keys_changed":
            self = .keysChanged(
                removed: request["removed"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                rotate: request["rotate"]?.boolValue ?? false)
        case "ping": self = .ping
        case let other?: throw .malformed("unknown command '\(other)'")
        case nil: throw .missingField("cmd")
        }
    }

    public var encoded: [UInt8] {
        let request: MessagePackValue
        switch self {
        case .publish(let publish):
            var pairs = publish.load.mapValue ?? []
            pairs.insert(MessagePackPair("cmd", "publish"), at: 0)
            request = .map(pairs)
        case .resolve(let target, let targetType, let delimiter):
            request = ["cmd": "resolve", "tgt": target, "tgt_type": .text(targetType), "delimiter": .text(delimiter)]
        case .presence(let ids):
            request = ["cmd": "presence", "ids": .array(ids.map(MessagePackValue.text))]
        case .unwatch:
            request = ["cmd": "unwatch"]
        case .keysChanged(let removed, let rotate):
            request = ["cmd": "keys_changed", "removed": .array(removed.map(MessagePackValue.text)), "rotate": .bool(rotate)]
        case .ping:
            request = ["cmd": "ping"]
        }
        return MessagePack.encode(request)
    }
}
