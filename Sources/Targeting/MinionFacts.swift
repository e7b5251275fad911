public import MessagePack

/// What a matcher may know of a minion.
///
/// The minion fills this from itself; the master from its key list and grains/pillar cache, where a
/// minion without cached data simply has empty maps (and so matches no grain or pillar term).
public struct MinionFacts: Sendable {
    public var id: String
    public var grains: MessagePackValue
    public var pillar: MessagePackValue

    public init(id: String, grains: MessagePackValue = [:], pillar: MessagePackValue = [:]) {
        self.id = id
        self.grains = grains
        self.pillar = pillar
    }
}
