import MessagePack
import Targeting
import Testing

/// A list index past either end names nothing, as in Salt's `traverse_dict_and_list`: it must not be
/// read as a None grain (it was, while msgpack's nil could stand for Swift's).
@Suite("Grain paths through lists")
struct GrainTraversalTests {
    static let minion = MinionFacts(id: "web1", grains: ["roles": ["web", "db"], "n": [.nil]])

    /// Checked against `salt.utils.data.subdict_match` of Salt 3008.5.
    @Test(arguments: [
        ("roles:5:None", false), ("roles:-5:None", false), ("roles:1:db", true), ("roles:-1:db", true), ("n:0:None", true),
    ] as [(String, Bool)])
    func indexes(expression: String, matches: Bool) throws {
        #expect(try Target(expression, type: .grain).matches(Self.minion) == matches)
    }
}
