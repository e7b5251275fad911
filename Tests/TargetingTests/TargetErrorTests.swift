import MessagePack
import Targeting
import Testing

/// Refused expressions and their messages, which name the offending token and where it is.
@Suite struct TargetErrorTests {
    static let compound: [ErrorCase] = [
        ErrorCase("", "empty compound target"),
        ErrorCase("   ", "empty compound target"),
        ErrorCase("web* and", "invalid compound target: expected a target after 'and' at position 6"),
        ErrorCase("not", "invalid compound target: expected a target after 'not' at position 1"),
        ErrorCase("web* and not", "invalid compound target: expected a target after 'not' at position 10"),
        ErrorCase("web* or (", "invalid compound target: expected a target after '(' at position 9"),
        ErrorCase("and web*", "invalid compound target: expected a target before 'and' at position 1"),
        ErrorCase("web* or or db*", "invalid compound target: expected a target before 'or' at position 9"),
        ErrorCase("( and web* )", "invalid compound target: expected a target before 'and' at position 3"),
        ErrorCase("not or web*", "invalid compound target: expected a target before 'or' at position 5"),
        ErrorCase("( web*", "invalid compound target: unclosed '(' at position 1"),
        ErrorCase("((web* or db*)", "invalid compound target: unclosed '(' at position 1"),
        ErrorCase("web* )", "invalid compound target: unbalanced ')' at position 6"),
        ErrorCase("(web* or db*))", "invalid compound target: unbalanced ')' at position 14"),
        ErrorCase("web* and )", "invalid compound target: unbalanced ')' at position 10"),
        ErrorCase("web* db*", "invalid compound target: missing 'and' or 'or' before 'db*' at position 6"),
        ErrorCase("web* (db*)", "invalid compound target: missing 'and' or 'or' before '(' at position 6"),
        ErrorCase("( )", "invalid compound target: nothing inside '(' at position 1"),
        ErrorCase("web* or ()", "invalid compound target: nothing inside '(' at position 9"),
        ErrorCase("X@foo or web*", "invalid compound target: unknown target engine X@ in 'X@foo' at position 1"),
        ErrorCase(
            "web* and R@%cluster",
            "invalid compound target: R@ (range clusters) is not supported in 'R@%cluster' at position 10"
        ),
        ErrorCase("G@", "invalid compound target: missing pattern after 'G@' at position 1"),
        ErrorCase("web*  and\tG@os", "'os' has no value to match: expected key:value"),
        ErrorCase("E@web(", "invalid regular expression 'web(': expected ')'"),
        ErrorCase("S@banana", "invalid IP address or CIDR network 'banana': 'banana' is not an IPv4 address"),
        ErrorCase(
            String(repeating: "( ", count: 300) + "web1" + String(repeating: " )", count: 300),
            "invalid compound target: too deeply nested '(' at position 401"
        ),
    ]

    static let simple: [ErrorCase] = [
        ErrorCase("os", .grain, "'os' has no value to match: expected key:value"),
        ErrorCase("os:Debian", .grain, "'os:Debian' has no value to match: expected key|value", delimiter: "|"),
        ErrorCase("os:Debian", .grain, "the target delimiter must not be empty", delimiter: ""),
        ErrorCase("role", .pillarPCRE, "'role' has no value to match: expected key:value"),
        ErrorCase("web(", .pcre, "invalid regular expression 'web(': expected ')'"),
        ErrorCase("(?<=a)b", .pcre, "invalid regular expression '(?<=a)b': lookbehind is not currently supported"),
        ErrorCase("os:Deb(ian", .grainPCRE, "invalid regular expression 'deb(ian': expected ')'"),
        ErrorCase("roles:+", .grainPCRE, "invalid regular expression '+': quantifier '+' must appear after expression"),
    ]

    @Test(arguments: compound + simple)
    func rejects(_ row: ErrorCase) {
        #expect {
            _ = try Target(row.expression, type: row.type, delimiter: row.delimiter)
        } throws: { error in
            "\(error)" == row.message
        }
    }

    @Test func syntaxErrorsCarryTheTokenAndPosition() {
        #expect(throws: TargetingError.syntax(reason: "unbalanced", token: ")", position: 6, nodegroup: nil)) {
            try Target("web* )", type: .compound)
        }
    }

    @Test func positionsCountWordsOfAnArrayAsIfSpaceSeparated() {
        let expected = TargetingError.syntax(
            reason: "expected a target after", token: "or", position: 8, nodegroup: nil
        )
        #expect(throws: expected) {
            try Target(["G@os:x", "or"], type: .compound)
        }
    }

    @Test func refusesValuesOfTheWrongShape() {
        #expect(throws: TargetingError.unsupportedExpression(.glob, kind: "a map")) {
            try Target(["id": "web1"], type: .glob)
        }
        #expect(throws: TargetingError.unsupportedExpression(.pcre, kind: "an array")) {
            try Target(["web1"], type: .pcre)
        }
        #expect(throws: TargetingError.unsupportedExpression(.list, kind: "an integer")) {
            try Target(5, type: .list)
        }
        #expect("\(TargetingError.unsupportedExpression(.list, kind: "an integer"))"
            == "a list target must be a string or an array of strings, not an integer")
    }

    @Test func oneCompilingReadingOfARegexValueIsEnough() throws {
        // `b)` after the second `:` is no regex, but `a(:b)` after the first is.
        #expect(!(try Target("conf:a(:b)", type: .grainPCRE).matches(TargetingFixtures.web1)))
        // `*:127\..*` is no regex, but the `*` level is a wildcard and `127\..*` is the regex used.
        #expect(try Target(#"ip_interfaces:*:127\..*"#, type: .grainPCRE).matches(TargetingFixtures.web1))
        // A bare `*` asks for an existing key, as in Salt.
        #expect(try Target("selinux:*", type: .grainPCRE).matches(TargetingFixtures.web1))
        #expect(!(try Target("roles:*", type: .grainPCRE).matches(TargetingFixtures.web1)))
    }
}
