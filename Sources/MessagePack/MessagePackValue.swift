/// A decoded msgpack value with Salt's semantics.
///
/// Salt packs text *and* byte strings as msgpack `str` (`use_bin_type=False`), so a `str` may hold
/// ciphertext or RSA output that is not UTF-8. `.string` therefore keeps raw bytes and decodes them to
/// text only when asked (`stringValue`). Maps keep their wire order because signed payloads are
/// compared as bytes and Salt's output follows insertion order.
public enum MessagePackValue: Sendable, Hashable {
    case `nil`
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case float(Float)
    /// msgpack `str`: raw bytes, usually (not always) UTF-8.
    case string([UInt8])
    /// msgpack `bin`.
    case binary([UInt8])
    case array([MessagePackValue])
    case map([MessagePackPair])
    /// An extension type, e.g. Salt's datetime (78) and constants (79), passed through untouched.
    case ext(Int8, [UInt8])
}

/// One entry of an ordered msgpack map.
public struct MessagePackPair: Sendable, Hashable {
    public var key: MessagePackValue
    public var value: MessagePackValue

    public init(_ key: MessagePackValue, _ value: MessagePackValue) {
        self.key = key
        self.value = value
    }
}
