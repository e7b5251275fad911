import MessagePack
import Targeting
import Testing

/// Compound expressions against `web1` (Debian, roles web and db, pillar role web, 10.1.2.3).
@Suite struct CompoundTests {
    static let rows: [MatchCase] = [
        MatchCase("web* and G@os:Debian", .compound, true),
        MatchCase("web* and not G@os:Debian", .compound, false),
        MatchCase("not web*", .compound, false),
        MatchCase("not db*", .compound, true),
        MatchCase("not db* and G@os:Debian", .compound, true),
        MatchCase("not web* and G@os:Debian", .compound, false),
        MatchCase("not ( web* and G@os:Ubuntu )", .compound, true),
        MatchCase("not (db* or G@os:Debian)", .compound, false),
        // Python precedence: `and` binds tighter than `or`.
        MatchCase("web1 or db* and G@os:Ubuntu", .compound, true),
        MatchCase("db* or web1 and G@os:Ubuntu", .compound, false),
        MatchCase("( web1 or db* ) and G@os:Ubuntu", .compound, false),
        MatchCase("(web1 or db*) and G@os:Ubuntu", .compound, false),
        MatchCase("((web1))", .compound, true),
        MatchCase("( (web1 or db1) and (G@os:Debian or G@os:Ubuntu) )", .compound, true),
        // Salt reads a `not` straight after an operand as `and not`.
        MatchCase("web1 not G@os:Ubuntu", .compound, true),
        MatchCase("web1 not G@os:Debian", .compound, false),
        MatchCase("not not web1", .compound, true),
        MatchCase("L@db1,web1 and E@web\\d", .compound, true),
        MatchCase("L@db1,db2 or E@db", .compound, false),
        MatchCase("E@web(1|2) and G@os:Debian", .compound, true),
        MatchCase("(E@web(1|2))", .compound, true),
        MatchCase("(E@web(3|4))", .compound, false),
        MatchCase("G|@selinux|enforced|disabled and web1", .compound, true),
        MatchCase("G@conf:key:a:b", .compound, true),
        MatchCase("P@os:deb.* or I@role:db", .compound, true),
        MatchCase("S@10.1.2.0/24 and J@role:w.b", .compound, true),
        MatchCase("S@2001:db8::/32 and not S@10.0.0.0/8", .compound, false),
        MatchCase("G@roles:db and not G@roles:mail", .compound, true),
        MatchCase("I@users:alice:uid:1000 and G@num_cpus:4", .compound, true),
        MatchCase("web1 or G@os:Debian", .compound, minion: MinionFacts(id: "db9"), false),
        MatchCase("x@y", .compound, minion: MinionFacts(id: "x@y"), true),
    ]

    @Test(arguments: rows)
    func matches(_ row: MatchCase) throws {
        let target = try Target(row.expression, type: row.type, nodegroups: TargetingFixtures.nodegroups)
        #expect(target.matches(row.minion) == row.expected)
    }

    @Test func takesAnArrayOfWords() throws {
        let target = try Target(["web*", "and", "G@os:Debian"], type: .compound)
        #expect(target.matches(TargetingFixtures.web1))
        #expect(!target.matches(MinionFacts(id: "web2")))
    }

    @Test func ignoresTheTargetDelimiterLikeSalt() throws {
        let target = try Target("G@selinux:enforced:disabled", type: .compound, delimiter: "|")
        #expect(target.matches(TargetingFixtures.web1))
    }

    static let idOnly: [(String, Bool)] = [
        ("web* or E@db[0-9] and L@a,b", true),
        ("not web* and not (db1 or db2)", true),
        ("web* and G@os:Debian", false),
        ("web* or S@10.0.0.0/8", false),
        ("not I@role:web", false),
        ("N@dbs or N@webs", true),
        ("N@webdeb", false),
    ]

    @Test(arguments: idOnly)
    func knowsWhenOnlyTheIDMatters(_ expression: String, _ expected: Bool) throws {
        let target = try Target(expression, type: .compound, nodegroups: TargetingFixtures.nodegroups)
        #expect(target.dependsOnlyOnID == expected)
    }

    @Test func matchesManyMinionsQuickly() throws {
        let target = try Target("web* and not ( G@os:Ubuntu or L@web3,web5 )", type: .compound)
        let minions = (0..<10_000).map { TargetingFixtures.minion("web\($0)") }
        let clock = ContinuousClock()
        var count = 0
        let elapsed = clock.measure {
            count = minions.filter(target.matches).count
        }
        #expect(count == 9_998)
        #expect(elapsed < .seconds(5))
    }

    @Test func isSharedAcrossConcurrentTasks() async throws {
        let target = try Target("E@web[0-9]+ and G@os:Debian", type: .compound)
        let matched = await withTaskGroup(of: Int.self) { group in
            for chunk in 0..<8 {
                group.addTask {
                    (0..<500).filter { target.matches(TargetingFixtures.minion("web\(chunk * 500 + $0)")) }.count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(matched == 4_000)
    }
}
