/// Python's `textwrap.wrap` with its defaults, which optparse uses for `--help`: whitespace becomes
/// spaces, lines break between words and after a hyphen inside a word, a word longer than a line is
/// cut, and the spaces at a break are dropped.
enum TextWrap {
    static func wrap(_ text: String, width: Int) -> [String] {
        var chunks = self.chunks(String(text.map { $0.isWhitespace ? " " : $0 }))
        chunks.reverse()
        var lines: [String] = []
        while !chunks.isEmpty {
            var line: [String] = []
            var length = 0
            if !lines.isEmpty, chunks.last!.allSatisfy({ $0 == " " }) { chunks.removeLast() }
            while let chunk = chunks.last {
                let size = chunk.unicodeScalars.count
                guard length + size <= width else { break }
                line.append(chunks.removeLast())
                length += size
            }
            if let chunk = chunks.last, chunk.unicodeScalars.count > width {
                // A word longer than a whole line is cut to fill this one.
                let room = max(width - length, 1)
                let scalars = Array(chunk.unicodeScalars)
                line.append(String(String.UnicodeScalarView(scalars[..<room])))
                chunks[chunks.count - 1] = String(String.UnicodeScalarView(scalars[room...]))
            }
            if let last = line.last, last.allSatisfy({ $0 == " " }) { line.removeLast() }
            if !line.isEmpty { lines.append(line.joined()) }
        }
        return lines
    }

    /// Runs of spaces and words, a word split after each hyphen that textwrap's `wordsep_re` splits at:
    /// one with two letters (or a letter, a hyphen and a letter) before it and two letters (or a letter, a
    /// hyphen and a letter) after it (`comma-` `separated`).
    private static func chunks(_ text: String) -> [String] {
        var chunks: [String] = []
        var current = ""
        var inSpaces = false
        for character in text {
            let isSpace = character == " "
            if !current.isEmpty && isSpace != inSpaces {
                chunks.append(current)
                current = ""
            }
            inSpaces = isSpace
            current.append(character)
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks.flatMap { $0.first == " " ? [$0] : splitAtHyphens($0) }
    }

    private static func splitAtHyphens(_ word: String) -> [String] {
        let characters = Array(word)
        func letter(_ index: Int) -> Bool { characters.indices.contains(index) && characters[index].isLetter && !characters[index].isNumber }
        func hyphen(_ index: Int) -> Bool { characters.indices.contains(index) && characters[index] == "-" }
        var parts: [String] = []
        var start = 0
        for index in characters.indices where characters[index] == "-" {
            let before = (letter(index - 1) && letter(index - 2)) || (letter(index - 1) && hyphen(index - 2) && letter(index - 3))
            let after = letter(index + 1) && (letter(index + 2) || (hyphen(index + 2) && letter(index + 3)))
            guard before && after && index >= start else { continue }
            parts.append(String(characters[start...index]))
            start = index + 1
        }
        parts.append(String(characters[start...]))
        return parts
    }
}
