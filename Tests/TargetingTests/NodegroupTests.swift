import MessagePack
import Targeting
import Testing

/// Nodegroups, by name (`-N`) and inside compounds (`N@`), using `TargetingFixtures.nodegroups`.
@Suite struct NodegroupTests {
    static let rows: [MatchCase] = [
        MatchCase("webs", .nodegroup, "web1", true),
        MatchCase("webs", .nodegroup, "db1", false),
        MatchCase("dbs", .nodegroup, "db2", true),
        MatchCase("dbs", .nodegroup, "web1", false),
        MatchCase("debian", .nodegroup, "db1", true),
        MatchCase("webdeb", .nodegroup, "web1", true),
        MatchCase("webdeb", .nodegroup, minion: MinionFacts(id: "web1"), false),
        MatchCase("either", .nodegroup, "db1", true),
        MatchCase("either", .nodegroup, "mail1", false),
        MatchCase("plain", .nodegroup, "web2", true),
        MatchCase("plain", .nodegroup, "web3", false),
        // Salt turns a lone `web?` into the regex `web?`, anchored at the start only.
        MatchCase("regexy", .nodegroup, "we", true),
        MatchCase("regexy", .nodegroup, "wexyz", true),
        MatchCase("regexy", .nodegroup, "db1", false),
        MatchCase("glued", .nodegroup, "web1", true),
        MatchCase("glued", .nodegroup, "db1", false),
        MatchCase("N@dbs or N@webs", .compound, "db1", true),
        MatchCase("N@either and not N@dbs", .compound, "db1", false),
        MatchCase("N@either and not N@dbs", .compound, "web1", true),
        // A group stays whole: Salt would read this as `db* or (web* and G@os:Ubuntu)`.
        MatchCase("N@orgroup and G@os:Ubuntu", .compound, "web1", false),
        MatchCase("not N@orgroup", .compound, "mail1", true),
    ]

    @Test(arguments: rows)
    func matches(_ row: MatchCase) throws {
        let target = try Target(row.expression, type: row.type, nodegroups: TargetingFixtures.nodegroups)
        #expect(target.matches(row.minion) == row.expected)
    }

    static let invalid: [ErrorCase] = [
        ErrorCase("loopA", .nodegroup, "nodegroups refer to each other in a loop: loopA -> loopB -> loopA"),
        ErrorCase("web1 or N@loopB", .compound, "nodegroups refer to each other in a loop: loopB -> loopA -> loopB"),
        ErrorCase("selfish", .nodegroup, "nodegroups refer to each other in a loop: selfish -> selfish"),
        ErrorCase("nowhere", .nodegroup, "unknown nodegroup 'nowhere'"),
        ErrorCase("badref", .nodegroup, "unknown nodegroup 'nowhere'"),
        ErrorCase("web1 and N@missing", .compound, "unknown nodegroup 'missing'"),
        ErrorCase(
            "number", .nodegroup,
            "invalid nodegroup 'number': must be a compound string or a list of minion ids, not an integer"
        ),
        ErrorCase("empty", .nodegroup, "invalid nodegroup 'empty': it is empty"),
        ErrorCase("broken", .nodegroup, "invalid nodegroup 'broken': expected a target after 'and' at position 6"),
        ErrorCase("N@", .compound, "invalid compound target: missing pattern after 'N@' at position 1"),
    ]

    @Test(arguments: invalid)
    func rejects(_ row: ErrorCase) {
        #expect {
            _ = try Target(row.expression, type: row.type, nodegroups: TargetingFixtures.nodegroups)
        } throws: { error in
            "\(error)" == row.message
        }
    }

    @Test func reportsACycleAsData() {
        #expect(throws: TargetingError.nodegroupCycle(["loopA", "loopB", "loopA"])) {
            try Target("loopA", type: .nodegroup, nodegroups: TargetingFixtures.nodegroups)
        }
    }
}

@Suite struct NodegroupPublicationTests {
    let groups: [String: MessagePackValue] = [
        "webs": "web*", "backends": "G@app:tier:back", "both": "N@webs or N@backends", "ids": ["a", "b"],
        "loop": "N@loop",
    ]

    @Test func expandsForMinions() throws {
        #expect(try Target.compoundExpression(forNodegroup: "backends", nodegroups: groups) == "G@app:tier:back")
        #expect(try Target.compoundExpression(forNodegroup: "both", nodegroups: groups) == "( web* ) or ( G@app:tier:back )")
        #expect(try Target.compoundExpression(forNodegroup: "ids", nodegroups: groups) == "L@a,b")
        #expect(throws: TargetingError.self) { try Target.compoundExpression(forNodegroup: "loop", nodegroups: groups) }
        #expect(throws: TargetingError.self) { try Target.compoundExpression(forNodegroup: "none", nodegroups: groups) }
    }

    @Test func expansionMatchesLikeTheGroup() throws {
        let expanded = try Target.compoundExpression(forNodegroup: "both", nodegroups: groups)
        let viaGroup = try Target("both", type: .nodegroup, nodegroups: groups)
        let viaCompound = try Target(expanded, type: .compound)
        for minion in [MinionFacts(id: "web1"), MinionFacts(id: "db1", grains: ["app": ["tier": "back"]]), MinionFacts(id: "x")] {
            #expect(viaGroup.matches(minion) == viaCompound.matches(minion))
        }
    }
}
