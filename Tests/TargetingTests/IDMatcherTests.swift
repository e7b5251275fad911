import MessagePack
import Targeting
import Testing

/// Glob, pcre and list: the matchers that look at the id alone. Glob expectations were checked
/// against Python's `fnmatch`, whose set syntax differs from glibc's.
@Suite struct IDMatcherTests {
    static let globs: [MatchCase] = [
        MatchCase("*", .glob, "web1", true),
        MatchCase("web1", .glob, "web1", true),
        MatchCase("web1", .glob, "web10", false),
        MatchCase("Web1", .glob, "web1", false),
        MatchCase("web*", .glob, "web1", true),
        MatchCase("db*", .glob, "web1", false),
        MatchCase("web?", .glob, "web1", true),
        MatchCase("web?", .glob, "web10", false),
        MatchCase("*web*", .glob, "myweb1", true),
        MatchCase("w*b*1", .glob, "web1", true),
        MatchCase("*a*a*a*b", .glob, "aaaaaaaaaaaaac", false),
        MatchCase("*.example.com", .glob, "web1.example.com", true),
        MatchCase("a/b*", .glob, "a/b/c", true),
        MatchCase("web[0-9]", .glob, "web1", true),
        MatchCase("web[!1]", .glob, "web1", false),
        MatchCase("web[!1]", .glob, "web2", true),
        MatchCase("web[^1]", .glob, "web1", true),
        MatchCase("web[^1]", .glob, "web2", false),
        MatchCase("[a-c-e]x", .glob, "bx", true),
        MatchCase("[a-c-e]x", .glob, "-x", true),
        MatchCase("[a-c-e]x", .glob, "dx", false),
        MatchCase("[z-a]", .glob, "z", false),
        MatchCase("[!z-a]", .glob, "q", true),
        MatchCase("[a-]", .glob, "-", true),
        MatchCase("[]]", .glob, "]", true),
        MatchCase("[!]]", .glob, "a", true),
        MatchCase("web[", .glob, "web[", true),
        MatchCase(#"web\1"#, .glob, #"web\1"#, true),
        MatchCase("?", .glob, "\u{E9}", true),
        MatchCase("e\u{301}", .glob, "\u{E9}", false),
    ]

    static let regexes: [MatchCase] = [
        MatchCase(#"web\d+"#, .pcre, "web12", true),
        MatchCase("web", .pcre, "web12", true),
        MatchCase("eb", .pcre, "web1", false),
        MatchCase("web1$", .pcre, "web12", false),
        MatchCase("(?i)WEB", .pcre, "web1", true),
        MatchCase("(?P<kind>web|db)[0-9]", .pcre, "db3", true),
        MatchCase("", .pcre, "anything", true),
    ]

    static let lists: [MatchCase] = [
        MatchCase("web1,web2", .list, "web2", true),
        MatchCase("web1,web2", .list, "web3", false),
        MatchCase("web1", .list, "web1", true),
        MatchCase("web1, web2", .list, "web2", false),
        MatchCase("web1,,web2,", .list, "web2", true),
        MatchCase("", .list, "web1", false),
    ]

    @Test(arguments: globs + regexes + lists)
    func matches(_ row: MatchCase) throws {
        let target = try Target(row.expression, type: row.type)
        #expect(target.matches(row.minion) == row.expected)
        #expect(target.dependsOnlyOnID)
    }

    @Test func listTakesAnArrayOfIDs() throws {
        let target = try Target(["web1", "db1", 5], type: .list)
        #expect(target.matches(MinionFacts(id: "db1")))
        #expect(!target.matches(MinionFacts(id: "db2")))
        #expect(!target.matches(MinionFacts(id: "5")))
        #expect(target.dependsOnlyOnID)
    }

    @Test func globIsTheDefaultType() throws {
        let target = try Target("web*")
        #expect(target.matches(MinionFacts(id: "web7")))
        #expect(try Target(.text("db?")).matches(MinionFacts(id: "db1")))
    }

    @Test func everyTypeHasItsSaltName() {
        #expect(TargetType.allCases.map(\.rawValue) == [
            "glob", "pcre", "list", "grain", "grain_pcre", "pillar", "pillar_pcre", "ipcidr", "nodegroup", "compound",
        ])
    }
}
