import PythonRules

/// Builds a compound expression's tree with Python's precedence (`not` over `and` over `or`), which
/// is what Salt gets by `eval`-ing the words.
///
/// Salt also reads `a not b` as `a and not b`, so a `not` right after an operand implies `and`.
/// Unlike Salt, a leading `not` and `not not` are accepted, and every malformation is reported with
/// the token at fault instead of silently matching nothing.
struct CompoundParser {
    /// Nesting beyond this is certainly not a real target; refusing it keeps recursion bounded.
    private static let maximumDepth = 200

    /// Prefix letters Salt knows but Brine does not implement, with what they would target.
    private static let unsupportedEngines: [Character: String] = [
        "R": "range clusters", "T": "resources", "M": "managing minions",
    ]

    private static let engines: [Character: TargetType] = [
        "G": .grain, "P": .grainPCRE, "I": .pillar, "J": .pillarPCRE,
        "L": .list, "E": .pcre, "S": .ipcidr, "N": .nodegroup,
    ]

    private let tokens: [CompoundLexer.Token]
    private let compiler: TargetCompiler
    private let expanding: [String]
    private let nodegroup: String?
    private var index = 0
    private var depth = 0

    /// `expanding` lists the enclosing nodegroups; `nodegroup` names the one these tokens define.
    init(tokens: [CompoundLexer.Token], compiler: TargetCompiler, expanding: [String], nodegroup: String?) {
        self.tokens = tokens
        self.compiler = compiler
        self.expanding = expanding
        self.nodegroup = nodegroup
    }

    mutating func parse() throws(TargetingError) -> MatchExpression {
        guard !tokens.isEmpty else { throw .emptyExpression(.compound) }
        let root = try disjunction()
        if let stray = peek() {
            throw error("unbalanced", stray)
        }
        return root
    }

    private mutating func disjunction() throws(TargetingError) -> MatchExpression {
        var operands = [try conjunction()]
        while let token = peek(), token.kind == .or {
            index += 1
            operands.append(try conjunction())
        }
        return operands.count == 1 ? operands[0] : .any(operands)
    }

    private mutating func conjunction() throws(TargetingError) -> MatchExpression {
        var operands = [try operand()]
        loop: while let token = peek() {
            switch token.kind {
            case .and:
                index += 1
                operands.append(try operand())
            case .not:
                operands.append(try operand())
            case .term, .open:
                throw error("missing 'and' or 'or' before", token)
            case .or, .close:
                break loop
            }
        }
        return operands.count == 1 ? operands[0] : .all(operands)
    }

    private mutating func operand() throws(TargetingError) -> MatchExpression {
        guard let token = next() else {
            throw error("expected a target after", tokens[tokens.count - 1])
        }
        switch token.kind {
        case .not:
            try enter(token)
            defer { depth -= 1 }
            return .not(try operand())
        case .open:
            if let inner = peek(), inner.kind == .close {
                throw error("nothing inside", token)
            }
            try enter(token)
            defer { depth -= 1 }
            let inner = try disjunction()
            guard next() != nil else { throw error("unclosed", token) }
            return inner
        case .close:
            throw error("unbalanced", token)
        case .and, .or:
            throw error("expected a target before", token)
        case .term:
            return try term(token)
        }
    }

    /// Counts one level of `not` or `(`; the caller undoes it when the level is parsed.
    private mutating func enter(_ token: CompoundLexer.Token) throws(TargetingError) {
        guard depth < Self.maximumDepth else { throw error("too deeply nested", token) }
        depth += 1
    }

    /// A word: `X@pattern` (or `G|@pattern` with its own grain delimiter) names an engine, anything
    /// else is a glob on the id. Unlike Salt, an unknown `X@` is an error, not a glob.
    private func term(_ token: CompoundLexer.Token) throws(TargetingError) -> MatchExpression {
        let characters = Array(token.text)
        var delimiter = ":"
        let patternStart: Int
        if characters.count > 3, characters[2] == "@", "GPIJ".contains(characters[0]) {
            delimiter = String(characters[1])
            patternStart = 3
        } else if CompoundLexer.hasEnginePrefix(token.text) {
            patternStart = 2
        } else {
            return .glob(Glob(token.text))
        }
        let letter = characters[0]
        guard let type = Self.engines[letter] else {
            let reason = Self.unsupportedEngines[letter].map { "\(letter)@ (\($0)) is not supported in" }
            throw error(reason ?? "unknown target engine \(letter)@ in", token)
        }
        guard characters.count > patternStart else { throw error("missing pattern after", token) }
        let pattern = String(characters[patternStart...])
        return try compiler.compile(pattern, as: type, delimiter: delimiter, expanding: expanding)
    }

    private func peek() -> CompoundLexer.Token? {
        index < tokens.count ? tokens[index] : nil
    }

    private mutating func next() -> CompoundLexer.Token? {
        defer { index += 1 }
        return peek()
    }

    private func error(_ reason: String, _ token: CompoundLexer.Token) -> TargetingError {
        .syntax(reason: reason, token: token.text, position: token.position, nodegroup: nodegroup)
    }
}
