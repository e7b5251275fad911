/// What a `KeyStore` did to one minion's key, as it tells its observer: the state and key the minion
/// has now, as the change meant them (not read back, so a concurrent copy cannot alter what is told).
public struct KeyChange: Sendable, Equatable {
    public let id: String
    /// Nil once the key is deleted.
    public let state: KeyState?
    /// The PEM text, cleaned as stored; nil once deleted.
    public let pem: String?

    public init(id: String, state: KeyState?, pem: String?) {
        self.id = id
        self.state = state
        self.pem = pem
    }
}
