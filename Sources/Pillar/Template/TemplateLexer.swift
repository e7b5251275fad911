/// Splits a template into text and tags, applying the `-` whitespace control (`{%-` strips the
/// whitespace before the tag, `-%}` the whitespace after) and dropping `{# comments #}`.
enum TemplateLexer {
    enum Piece {
        case text(String, line: Int)
        case output(Substring, line: Int)
        case tag(Substring, line: Int)
    }

    static func pieces(of source: String, file: String) throws(TemplateError) -> [Piece] {
        var pieces: [Piece] = []
        var rest = source[...]
        var line = 1
        var stripNext = false
        while !rest.isEmpty {
            guard let open = nextOpening(in: rest) else {
                appendText(rest, line: line, to: &pieces, stripLeading: stripNext)
                break
            }
            let kind = rest[rest.index(after: open)]
            var textBefore = rest[..<open]
            var inner = rest.index(open, offsetBy: 2)
            let stripBefore = inner < rest.endIndex && rest[inner] == "-"
            if stripBefore { inner = rest.index(after: inner) }
            let closing = kind == "{" ? "}}" : kind == "%" ? "%}" : "#}"
            let tagLine = line + textBefore.count(where: { $0 == "\n" })
            guard let close = rest[inner...].firstRange(of: closing) else {
                throw TemplateError("a '{\(kind)' is not closed with '\(closing)'", file: file, line: tagLine)
            }
            var body = rest[inner..<close.lowerBound]
            let stripAfter = body.last == "-"
            if stripAfter { body = body.dropLast() }
            if stripBefore { textBefore = textBefore.trimmingSuffix(while: \.isWhitespace) }
            appendText(textBefore, line: line, to: &pieces, stripLeading: stripNext)
            switch kind {
            case "{": pieces.append(.output(body, line: tagLine))
            case "%": pieces.append(.tag(body, line: tagLine))
            default: break
            }
            line = tagLine + rest[open..<close.upperBound].count(where: { $0 == "\n" })
            stripNext = stripAfter
            rest = rest[close.upperBound...]
        }
        return pieces
    }

    private static func nextOpening(in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while let brace = text[index...].firstIndex(of: "{") {
            let next = text.index(after: brace)
            guard next < text.endIndex else { return nil }
            if text[next] == "{" || text[next] == "%" || text[next] == "#" { return brace }
            index = next
        }
        return nil
    }

    private static func appendText(_ text: Substring, line: Int, to pieces: inout [Piece], stripLeading: Bool) {
        let kept = stripLeading ? text.drop(while: \.isWhitespace) : text
        let dropped = text[text.startIndex..<kept.startIndex].count(where: { $0 == "\n" })
        if !kept.isEmpty { pieces.append(.text(String(kept), line: line + dropped)) }
    }
}
