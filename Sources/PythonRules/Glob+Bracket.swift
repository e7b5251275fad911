extension Glob {
    /// A `[…]` set, read as Python's `fnmatch` reads it.
    ///
    /// Python hands sets to `re` after a rewrite with some non-obvious results that Salt inherits:
    /// only a leading `!` negates (`[^a]` is the set of `^` and `a`), a backslash is literal, a `-`
    /// first or last is literal, a reversed range such as `z-a` is dropped together with its ends,
    /// and after a range the next `-` is literal (`[a-c-e]` is `a`–`c`, `-` and `e`).
    struct Bracket: Sendable {
        private let negated: Bool
        private let singles: Set<Unicode.Scalar>
        private let ranges: [ClosedRange<Unicode.Scalar>]

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let member = singles.contains(scalar) || ranges.contains { $0.contains(scalar) }
            return member != negated
        }

        /// The set whose `[` is at `open`, with the index just past its `]`; nil when no `]` closes
        /// it, in which case the `[` is an ordinary character.
        static func parse(_ pattern: [Unicode.Scalar], openedAt open: Int) -> (Bracket, end: Int)? {
            var close = open + 1
            if close < pattern.count, pattern[close] == "!" { close += 1 }
            // A `]` right after `[` or `[!` is a member, not the end.
            if close < pattern.count, pattern[close] == "]" { close += 1 }
            while close < pattern.count, pattern[close] != "]" { close += 1 }
            guard close < pattern.count else { return nil }
            var body = pattern[(open + 1)..<close]
            let negated = body.first == "!"
            if negated { body = body.dropFirst() }
            return (Bracket(negated: negated, body: Array(body)), close + 1)
        }

        private init(negated: Bool, body: [Unicode.Scalar]) {
            var singles: Set<Unicode.Scalar> = []
            var ranges: [ClosedRange<Unicode.Scalar>] = []
            // nil marks a hyphen that separates two chunks, i.e. a range operator.
            var tokens: [Unicode.Scalar?] = []
            for (offset, chunk) in Self.chunks(of: body).enumerated() {
                if offset > 0 { tokens.append(nil) }
                tokens.append(contentsOf: chunk.map(Optional.some))
            }
            var index = 0
            while index < tokens.count {
                let low = tokens[index] ?? "-"
                if index + 2 < tokens.count, tokens[index + 1] == nil {
                    let high = tokens[index + 2] ?? "-"
                    if low <= high { ranges.append(low...high) }
                    index += 3
                } else {
                    singles.insert(low)
                    index += 1
                }
            }
            self.negated = negated
            self.singles = singles
            self.ranges = ranges
        }

        /// Splits the body at range hyphens: never at its first character, and never at the first
        /// two characters after a range hyphen. Ranges running backwards are then removed.
        private static func chunks(of body: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
            var chunks: [[Unicode.Scalar]] = []
            var chunkStart = 0
            var searchFrom = 1
            while searchFrom < body.count, let hyphen = body[searchFrom...].firstIndex(of: "-") {
                chunks.append(Array(body[chunkStart..<hyphen]))
                chunkStart = hyphen + 1
                searchFrom = hyphen + 3
            }
            let last = Array(body[chunkStart...])
            if last.isEmpty, !chunks.isEmpty {
                chunks[chunks.count - 1].append("-")
            } else {
                chunks.append(last)
            }
            for index in stride(from: chunks.count - 1, to: 0, by: -1) {
                if let low = chunks[index - 1].last, let high = chunks[index].first, low > high {
                    chunks[index - 1] = chunks[index - 1].dropLast() + chunks[index].dropFirst()
                    chunks.remove(at: index)
                }
            }
            return chunks
        }
    }
}
