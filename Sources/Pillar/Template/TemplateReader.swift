/// Builds the node tree from the lexer's pieces.
struct TemplateReader {
    struct Stop {
        let keyword: String
        var parser: ExpressionParser
        let line: Int
    }

    let pieces: [TemplateLexer.Piece]
    let file: String
    var position = 0
    /// How deeply the blocks being read nest, bounded so that no template can exhaust the stack.
    var depth = 0
    static let maxDepth = 64
    /// The closing (or `elif`/`else`) tag that ended the last block read.
    var stop: Stop?

    init(pieces: [TemplateLexer.Piece], file: String) {
        self.pieces = pieces
        self.file = file
    }

    mutating func block(endingAt keywords: Set<String>) throws(TemplateError) -> [Template.Node] {
        depth += 1
        defer { depth -= 1 }
        var nodes: [Template.Node] = []
        stop = nil
        while position < pieces.count {
            let piece = pieces[position]
            position += 1
            switch piece {
            case .text(let text, let line):
                nodes.append(.text(text, line: line))
            case .output(let body, let line):
                nodes.append(.output(try parse(body, line: line) { (parser: inout ExpressionParser) throws(ExpressionError) in
                    let value = try parser.expression()
                    try parser.expectEnd()
                    return value
                }, line: line))
            case .tag(let body, let line):
                var parser = try expressionParser(body, line: line)
                let keyword = try wrap(line) { () throws(ExpressionError) in try parser.identifier() }
                if keywords.contains(keyword) || ["endif", "endfor", "elif", "else"].contains(keyword) {
                    stop = Stop(keyword: keyword, parser: parser, line: line)
                    return nodes
                }
                if depth > Self.maxDepth, keyword == "if" || keyword == "for" {
                    throw TemplateError("blocks nest deeper than \(Self.maxDepth) levels", file: file, line: line)
                }
                nodes.append(try statement(keyword, parser: &parser, line: line))
                stop = nil
            }
        }
        return nodes
    }

    private mutating func statement(_ keyword: String, parser: inout ExpressionParser, line: Int) throws(TemplateError) -> Template.Node {
        switch keyword {
        case "if":
            var branches: [(condition: Expression, body: [Template.Node])] = []
            var condition = try wrap(line) { () throws(ExpressionError) in try parser.expression() }
            try wrap(line) { () throws(ExpressionError) in try parser.expectEnd() }
            while true {
                let body = try block(endingAt: ["elif", "else", "endif"])
                branches.append((condition, body))
                guard let ending = stop else { throw TemplateError("'if' is not closed with 'endif'", file: file, line: line) }
                switch ending.keyword {
                case "elif":
                    var parser = ending.parser
                    condition = try wrap(ending.line) { () throws(ExpressionError) in
                        let value = try parser.expression()
                        try parser.expectEnd()
                        return value
                    }
                case "else":
                    let otherwise = try block(endingAt: ["endif"])
                    guard stop?.keyword == "endif" else { throw TemplateError("'if' is not closed with 'endif'", file: file, line: line) }
                    return .branches(branches, otherwise: otherwise, line: line)
                case "endif":
                    return .branches(branches, otherwise: [], line: line)
                default:
                    throw TemplateError("'\(ending.keyword)' inside 'if'", file: file, line: ending.line)
                }
            }
        case "for":
            var variables: [String] = []
            let over = try wrap(line) { () throws(ExpressionError) in
                repeat { variables.append(try parser.identifier()) } while parser.take(symbol: ",")
                guard parser.take(name: "in") else { throw ExpressionError("expected 'in' after the loop variables") }
                let value = try parser.expression()
                if parser.take(name: "recursive") { throw ExpressionError("recursive loops are not supported") }
                try parser.expectEnd()
                return value
            }
            guard variables.count <= 2 else { throw TemplateError("a loop takes one or two variables", file: file, line: line) }
            let body = try block(endingAt: ["endfor"])
            guard let ending = stop else { throw TemplateError("'for' is not closed with 'endfor'", file: file, line: line) }
            guard ending.keyword == "endfor" else { throw TemplateError("'\(ending.keyword)' inside 'for' (for … else is not supported)", file: file, line: ending.line) }
            return .loop(variables: variables, over: over, body: body, line: line)
        case "set":
            return try wrap(line) { () throws(ExpressionError) in
                let name = try parser.identifier()
                guard parser.take(symbol: "=") else {
                    throw ExpressionError(parser.isAtEnd ? "block 'set … endset' is not supported" : "expected '=' after 'set \(name)'")
                }
                let value = try parser.expression()
                try parser.expectEnd()
                return .set(name, value, line: line)
            }
        case "include":
            return try wrap(line) { () throws(ExpressionError) in
                let path = try parser.expression()
                if parser.take(name: "ignore") { throw ExpressionError("'include … ignore missing' is not supported") }
                if parser.take(name: "with") || parser.take(name: "without") { _ = parser.take(name: "context") }
                try parser.expectEnd()
                return .include(path, line: line)
            }
        case "import_yaml":
            return try wrap(line) { () throws(ExpressionError) in
                let path = try parser.expression()
                guard parser.take(name: "as") else { throw ExpressionError("expected 'as NAME' after 'import_yaml'") }
                let name = try parser.identifier()
                try parser.expectEnd()
                return .importYAML(path, as: name, line: line)
            }
        default:
            throw TemplateError("the tag '{% \(keyword) %}' is not supported", file: file, line: line)
        }
    }

    private func expressionParser(_ body: Substring, line: Int) throws(TemplateError) -> ExpressionParser {
        do {
            return try ExpressionParser(body)
        } catch {
            throw TemplateError(error.message, file: file, line: line)
        }
    }

    private func parse<T>(_ body: Substring, line: Int, _ read: (inout ExpressionParser) throws(ExpressionError) -> T) throws(TemplateError) -> T {
        var parser = try expressionParser(body, line: line)
        return try wrap(line) { () throws(ExpressionError) in try read(&parser) }
    }

    private func wrap<T>(_ line: Int, _ work: () throws(ExpressionError) -> T) throws(TemplateError) -> T {
        do {
            return try work()
        } catch {
            throw TemplateError(error.message, file: file, line: line)
        }
    }
}
