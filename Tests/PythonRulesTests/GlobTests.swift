import BrineTesting
import PythonRules
import Testing

/// The one glob against Python's `fnmatch` (Fixtures/glob.json): every pattern against every name.
@Suite struct GlobTests {
    @Test func matchesLikePythonFnmatch() throws {
        let cases = try PythonVectors.globCases()
        #expect(cases.count > 2000)
        for pattern in Set(cases.map(\.pattern)) {
            let glob = Glob(pattern)
            for entry in cases where entry.pattern == pattern {
                #expect(glob.matches(entry.name) == entry.matches, "fnmatch(\(entry.name.debugDescription), \(pattern.debugDescription))")
            }
        }
    }

    @Test func coversTheSetsThatDifferFromGlibc() throws {
        let patterns = Set(try PythonVectors.globCases().map(\.pattern))
        for pattern in ["*", "?", "[a-c]", "[!a]", "[^a]", "\\*", "[]]", "[!]]", "["] {
            #expect(patterns.contains(pattern), "no vector for \(pattern)")
        }
        // Python's sets, not glibc's: `^` is a member, a backslash is literal.
        #expect(Glob("[^a]").matches("^"))
        #expect(!Glob("[^a]").matches("b"))
        #expect(Glob("\\*").matches("\\x"))
        #expect(!Glob("\\*").matches("*"))
    }

    /// Only the last `*` is backtracked to, so a pattern of many stars stays linear in the text.
    @Test func manyStarsDoNotBacktrackExponentially() {
        let text = String(repeating: "a", count: 200_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(!Glob("*a*a*a*a*b").matches(text))
            #expect(Glob("*a*a*a*a*a").matches(text))
            #expect(!Glob("*a*?*a*[b]*a").matches(text))
        }
        #expect(elapsed < .seconds(5), "took \(elapsed)")
    }

    @Test func prefixTellsWhatADatabaseMayNarrowBy() {
        #expect(Glob("cmd.run").isLiteral && Glob("cmd.run").prefix == "cmd.run")
        #expect(Glob("cmd.*").isPrefixMatch && Glob("cmd.*").prefix == "cmd.")
        #expect(Glob("cmd.**").isPrefixMatch)
        #expect(!Glob("cmd.*.x").isPrefixMatch && Glob("cmd.*.x").prefix == "cmd.")
        #expect(Glob("*").isPrefixMatch && Glob("*").prefix.isEmpty)
        #expect(Glob("web[0-9]*").prefix == "web" && !Glob("web[0-9]*").isPrefixMatch)
        // An unclosed `[` is literal, so it belongs to the prefix.
        #expect(Glob("a[b").isLiteral && Glob("a[b").prefix == "a[b")
        #expect(!Glob("?").isLiteral && Glob("?").prefix.isEmpty)
    }
}
