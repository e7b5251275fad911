import BrineTesting
import MessagePack
import Targeting
import Testing

/// Targeting against the Python vectors that PythonRules is checked against (Fixtures in
/// PythonRulesTests): a glob target means what `fnmatch` means, and a grain or pillar value is
/// compared as the `str()` Python gives it.
@Suite struct PythonVectorTests {
    /// Salt's glob matcher is `fnmatch.fnmatch(minion_id, tgt)`.
    @Test func globTargetsMatchLikeFnmatch() throws {
        for entry in try PythonVectors.globCases() {
            let target = try Target(entry.pattern, type: .glob)
            #expect(target.matches(MinionFacts(id: entry.name)) == entry.matches,
                    "fnmatch(\(entry.name.debugDescription), \(entry.pattern.debugDescription))")
        }
    }

    /// `subdict_match` compares `str(value).lower()` with the lowered pattern, so a pattern that spells
    /// out Python's `str()` (its glob characters in sets of their own) matches, and one character more does not.
    @Test(arguments: [TargetType.grain, .pillar])
    func valuesCompareAsPythonStr(_ type: TargetType) throws {
        for entry in try PythonVectors.reprCases() {
            let value = try MessagePack.decode(entry.bytes)
            if case .array = value { continue }
            if case .map = value { continue }
            let data: MessagePackValue = ["key": value]
            let minion = type == .grain ? MinionFacts(id: "m1", grains: data) : MinionFacts(id: "m1", pillar: data)
            let spelled = entry.str.lowercased().unicodeScalars.map { "*?[".unicodeScalars.contains($0) ? "[\($0)]" : String($0) }.joined()
            #expect(try Target("key:" + spelled, type: type).matches(minion), "\(entry.name): \(entry.str.debugDescription)")
            #expect(try !Target("key:" + spelled + "?", type: type).matches(minion), "\(entry.name)")
        }
    }
}
