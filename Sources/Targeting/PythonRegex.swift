/// A user-supplied regular expression applied the way Salt applies one, with Python's `re.match`:
/// anchored at the start of the text but not at its end, and stepping through Unicode scalars
/// (Python's code points) rather than Swift's default grapheme clusters.
///
/// The syntax is Swift `Regex`'s, which covers what targets use (classes, groups, alternation,
/// `(?P<name>…)`, inline flags); constructs it lacks, such as lookbehind, are refused at compile
/// time rather than silently never matching.
struct PythonRegex: @unchecked Sendable {
    // `Regex` is not declared Sendable, but matching never mutates it: each match runs on its own
    // state, and the one lazily built part (the lowered program) is published with an atomic
    // compare-and-swap. It is built here, in `init`, so concurrent matches only ever read it.
    private let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) throws(TargetingError) {
        do {
            regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw .invalidRegex(pattern: pattern, reason: "\(error)")
        }
        _ = try? regex.prefixMatch(in: "")
    }

    func matchesPrefix(of text: String) -> Bool {
        let match = try? regex.prefixMatch(in: text)
        return match != nil
    }
}
