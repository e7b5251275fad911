/// Splits compound expressions into tokens.
///
/// Salt splits on whitespace and wants each parenthesis as a word of its own; `(G@os:Debian` is, to
/// Salt, a glob that no id matches. People write it anyway, so a parenthesis glued to the start of a
/// word always splits off, and one glued to the end splits off unless the word needs it to balance
/// its own parentheses (`E@web(1|2)` keeps its `)`).
enum CompoundLexer {
    /// A whitespace-separated word and its 1-based character position in the expression.
    struct Word: Sendable {
        let text: String
        let position: Int
    }

    struct Token: Sendable {
        enum Kind: Sendable {
            case and, or, not, open, close, term
        }

        let kind: Kind
        let text: String
        /// 1-based character position in the expression, for error messages.
        let position: Int
    }

    /// The words of an expression, as Python's `str.split()` finds them.
    static func words(in expression: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var start = 0
        for (offset, character) in expression.enumerated() {
            if character.isWhitespace {
                if !current.isEmpty { words.append(Word(text: current, position: start + 1)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(Word(text: current, position: start + 1)) }
        return words
    }

    /// Words given one per array element; positions count as if they were joined by single spaces.
    static func words(of elements: [String]) -> [Word] {
        var position = 1
        return elements.map { text in
            defer { position += text.count + 1 }
            return Word(text: text, position: position)
        }
    }

    /// True for the words Salt treats as compound operators.
    static func isOperator(_ word: String) -> Bool {
        operatorKind(word) != nil
    }

    /// True when the word starts like Salt's `X@` engine prefixes (an uppercase ASCII letter and `@`).
    static func hasEnginePrefix(_ word: String) -> Bool {
        var characters = word.makeIterator()
        guard let letter = characters.next(), letter.isASCII, letter.isUppercase else { return false }
        return characters.next() == "@"
    }

    static func tokens(of words: [Word]) -> [Token] {
        var tokens: [Token] = []
        for word in words {
            if let kind = operatorKind(word.text) {
                tokens.append(Token(kind: kind, text: word.text, position: word.position))
                continue
            }
            let characters = Array(word.text)
            let opening = characters.prefix { $0 == "(" }.count
            for offset in 0..<opening {
                tokens.append(Token(kind: .open, text: "(", position: word.position + offset))
            }
            let rest = characters[opening...]
            let closing = rest.reversed().prefix { $0 == ")" }.count
            let body = rest.dropLast(closing)
            let kept = body.isEmpty ? 0 : min(closing, max(0, unclosedParentheses(in: body)))
            if !body.isEmpty {
                let text = String(body) + String(repeating: ")", count: kept)
                let kind = operatorKind(text) ?? .term
                tokens.append(Token(kind: kind, text: text, position: word.position + opening))
            }
            let firstSplit = word.position + opening + body.count + kept
            for offset in 0..<(closing - kept) {
                tokens.append(Token(kind: .close, text: ")", position: firstSplit + offset))
            }
        }
        return tokens
    }

    private static func operatorKind(_ word: String) -> Token.Kind? {
        switch word {
        case "and": return .and
        case "or": return .or
        case "not": return .not
        case "(": return .open
        case ")": return .close
        default: return nil
        }
    }

    /// Opening minus closing parentheses, skipping backslash-escaped ones (`E@a\(b`).
    private static func unclosedParentheses(in text: ArraySlice<Character>) -> Int {
        var balance = 0
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "(" {
                balance += 1
            } else if character == ")" {
                balance -= 1
            }
        }
        return balance
    }
}
