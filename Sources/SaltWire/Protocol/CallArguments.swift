public import MessagePack

/// A job's `arg` list as Salt's CLI packs it: positional arguments, then the keywords in one trailing
/// map marked `{"__kwarg__": True, ...}`. Minions, runners and the swarm all unpack it this way.
public struct CallArguments: Sendable {
    public var positional: [MessagePackValue] = []
    /// The keywords in the order given, without the `__kwarg__` marker.
    public var keywords: [MessagePackPair] = []

    public init(_ arguments: [MessagePackValue]) {
        for argument in arguments {
            if argument["__kwarg__"]?.boolValue == true, let pairs = argument.mapValue {
                keywords += pairs.filter { $0.key.stringValue != "__kwarg__" }
            } else {
                positional.append(argument)
            }
        }
    }

    /// The keywords by name; a later duplicate wins, as in a Python dict.
    public var keywordsByName: [String: MessagePackValue] {
        var byName: [String: MessagePackValue] = [:]
        for pair in keywords { if let key = pair.key.stringValue { byName[key] = pair.value } }
        return byName
    }
}
