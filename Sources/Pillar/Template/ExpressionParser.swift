import MessagePack

/// Reads one expression of the Jinja subset (Pratt style, Python's precedence: `or` < `and` < `not` <
/// comparisons < filters < postfix). What the subset does not have (arithmetic, inline `if`,
/// lambdas…) is refused by name.
struct ExpressionParser {
    enum Token: Equatable {
        case name(String)
        case string(String)
        case integer(Int64)
        case number(Double)
        case symbol(String)
    }

    private var tokens: [Token]
    private var position = 0
    /// How deeply the expression being read nests (brackets, `not`s): bounded, so that no
    /// expression can exhaust the stack.
    private var depth = 0
    static let maxDepth = 64

    init(_ text: Substring) throws(ExpressionError) {
        tokens = try Self.tokenize(text)
    }

    var isAtEnd: Bool { position == tokens.count }

    /// The next token, if it is this name (a keyword such as `in`, `as`).
    mutating func take(name: String) -> Bool {
        guard position < tokens.count, tokens[position] == .name(name) else { return false }
        position += 1
        return true
    }

    mutating func take(symbol: String) -> Bool {
        guard position < tokens.count, tokens[position] == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    mutating func identifier() throws(ExpressionError) -> String {
        guard position < tokens.count, case .name(let name) = tokens[position] else {
            throw ExpressionError("expected a name, found \(describeNext())")
        }
        position += 1
        return name
    }

    mutating func expectEnd() throws(ExpressionError) {
        guard isAtEnd else {
            if case .symbol(let symbol) = tokens[position], ["+", "-", "*", "/", "//", "%", "**", "~"].contains(symbol) {
                throw ExpressionError("the operator '\(symbol)' is not supported")
            }
            throw ExpressionError("unexpected \(describeNext())")
        }
    }

    func describeNext() -> String {
        guard position < tokens.count else { return "the end of the expression" }
        switch tokens[position] {
        case .name(let name): return "'\(name)'"
        case .string(let text): return "the string '\(text)'"
        case .integer(let value): return "the number \(value)"
        case .number(let value): return "the number \(value)"
        case .symbol(let symbol): return "'\(symbol)'"
        }
    }

    mutating func expression() throws(ExpressionError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw ExpressionError("the expression nests deeper than \(Self.maxDepth) levels") }
        let value = try orExpression()
        if position < tokens.count, tokens[position] == .name("if") {
            throw ExpressionError("the inline 'if … else' expression is not supported")
        }
        return value
    }

    private mutating func orExpression() throws(ExpressionError) -> Expression {
        var left = try andExpression()
        while take(name: "or") { left = .or(left, try andExpression()) }
        return left
    }

    private mutating func andExpression() throws(ExpressionError) -> Expression {
        var left = try notExpression()
        while take(name: "and") { left = .and(left, try notExpression()) }
        return left
    }

    private mutating func notExpression() throws(ExpressionError) -> Expression {
        if take(name: "not") {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw ExpressionError("the expression nests deeper than \(Self.maxDepth) levels") }
            return .not(try notExpression())
        }
        return try comparison()
    }

    private mutating func comparison() throws(ExpressionError) -> Expression {
        var left = try filtered()
        while true {
            if position < tokens.count, case .symbol(let symbol) = tokens[position],
               let comparison = ComparisonOperator(rawValue: symbol) {
                position += 1
                left = .compare(left, comparison, try filtered())
            } else if take(name: "in") {
                left = .compare(left, .contained, try filtered())
            } else if position + 1 < tokens.count, tokens[position] == .name("not"), tokens[position + 1] == .name("in") {
                position += 2
                left = .compare(left, .notContained, try filtered())
            } else if take(name: "is") {
                let negated = take(name: "not")
                let test = try identifier()
                guard ["defined", "undefined", "none", "string", "number", "mapping", "iterable"].contains(test) else {
                    throw ExpressionError("the test 'is \(test)' is not supported")
                }
                left = .test(left, name: test, negated: negated)
            } else {
                return left
            }
        }
    }

    private mutating func filtered() throws(ExpressionError) -> Expression {
        var value = try postfix()
        while take(symbol: "|") {
            let name = try identifier()
            var arguments: [Expression] = []
            if take(symbol: "(") { arguments = try argumentList(closing: ")") }
            value = .filter(value, name: name, arguments: arguments)
        }
        return value
    }

    private mutating func postfix() throws(ExpressionError) -> Expression {
        var value = try primary()
        while true {
            if take(symbol: ".") {
                value = .attribute(value, try identifier())
            } else if take(symbol: "[") {
                let index = try expression()
                if take(symbol: ":") { throw ExpressionError("slices ('[a:b]') are not supported") }
                guard take(symbol: "]") else { throw ExpressionError("expected ']', found \(describeNext())") }
                value = .index(value, index)
            } else if take(symbol: "(") {
                value = .call(value, try argumentList(closing: ")"))
            } else {
                return value
            }
        }
    }

    /// Arguments up to `closing`; keyword arguments are refused (no supported call needs them).
    private mutating func argumentList(closing: String) throws(ExpressionError) -> [Expression] {
        var arguments: [Expression] = []
        if take(symbol: closing) { return arguments }
        repeat {
            if position + 1 < tokens.count, case .name(let keyword) = tokens[position], tokens[position + 1] == .symbol("=") {
                throw ExpressionError("keyword arguments ('\(keyword)=') are not supported")
            }
            arguments.append(try expression())
        } while take(symbol: ",")
        guard take(symbol: closing) else { throw ExpressionError("expected '\(closing)', found \(describeNext())") }
        return arguments
    }

    private mutating func primary() throws(ExpressionError) -> Expression {
        guard position < tokens.count else { throw ExpressionError("the expression is incomplete") }
        let token = tokens[position]
        position += 1
        switch token {
        case .string(let text): return .literal(.text(text))
        case .integer(let value): return .literal(.int(value))
        case .number(let value): return .literal(.double(value))
        case .name(let name):
            switch name {
            case "True", "true": return .literal(true)
            case "False", "false": return .literal(false)
            case "None", "none": return .literal(.nil)
            case "lambda", "if", "else", "for", "and", "or", "in", "is":
                throw ExpressionError("'\(name)' is not supported here")
            default: return .name(name)
            }
        case .symbol("("):
            let inner = try expression()
            if take(symbol: ",") { throw ExpressionError("tuples are not supported; use a list") }
            guard take(symbol: ")") else { throw ExpressionError("expected ')', found \(describeNext())") }
            return inner
        case .symbol("["):
            return .list(try argumentList(closing: "]"))
        case .symbol("{"):
            var pairs: [(key: Expression, value: Expression)] = []
            if take(symbol: "}") { return .dictionary(pairs) }
            repeat {
                let key = try expression()
                guard take(symbol: ":") else { throw ExpressionError("expected ':' in a dict, found \(describeNext())") }
                pairs.append((key, try expression()))
            } while take(symbol: ",")
            guard take(symbol: "}") else { throw ExpressionError("expected '}', found \(describeNext())") }
            return .dictionary(pairs)
        case .symbol("-"):
            switch tokens.indices.contains(position) ? tokens[position] : nil {
            case .integer(let value)?: position += 1; return .literal(.int(-value))
            case .number(let value)?: position += 1; return .literal(.double(-value))
            default: throw ExpressionError("the operator '-' is not supported")
            }
        case .symbol(let symbol):
            throw ExpressionError("the operator '\(symbol)' is not supported")
        }
    }
}

extension ExpressionParser {
    private static let symbols = ["==", "!=", "<=", ">=", "**", "//", "<", ">", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "=", "+", "-", "*", "/", "%", "~"]

    static func tokenize(_ text: Substring) throws(ExpressionError) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if character == "'" || character == "\"" {
                let (value, end) = try string(in: text, from: index)
                tokens.append(.string(value))
                index = end
            } else if character.isASCII, character.isNumber {
                var end = index
                while end < text.endIndex, text[end].isASCII, text[end].isNumber || text[end] == "." || text[end] == "_" { end = text.index(after: end) }
                let digits = text[index..<end].filter { $0 != "_" }
                if let integer = Int64(digits) {
                    tokens.append(.integer(integer))
                } else if let number = Double(digits) {
                    tokens.append(.number(number))
                } else {
                    throw ExpressionError("'\(text[index..<end])' is not a number")
                }
                index = end
            } else if character.isLetter || character == "_" {
                var end = index
                while end < text.endIndex, text[end].isLetter || text[end].isNumber || text[end] == "_" { end = text.index(after: end) }
                tokens.append(.name(String(text[index..<end])))
                index = end
            } else if let symbol = symbols.first(where: { text[index...].hasPrefix($0) }) {
                tokens.append(.symbol(symbol))
                index = text.index(index, offsetBy: symbol.count)
            } else {
                throw ExpressionError("unexpected character '\(character)'")
            }
        }
        return tokens
    }

    private static func string(in text: Substring, from start: Substring.Index) throws(ExpressionError) -> (String, Substring.Index) {
        let quote = text[start]
        var value = ""
        var index = text.index(after: start)
        while index < text.endIndex {
            let character = text[index]
            if character == quote { return (value, text.index(after: index)) }
            if character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { break }
                switch text[index] {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "0": value.append("\0")
                case "\\", "'", "\"": value.append(text[index])
                default: value.append("\\"); value.append(text[index])
                }
            } else {
                value.append(character)
            }
            index = text.index(after: index)
        }
        throw ExpressionError("a string is not closed")
    }
}
