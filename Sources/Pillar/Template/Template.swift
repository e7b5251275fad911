/// A parsed template of the Jinja subset pillar files are written in: text, `{{ expression }}`, and
/// the tags `if/elif/else/endif`, `for/endfor`, `set`, `include` and `import_yaml`. Parsing refuses
/// any other tag, naming it with the file and line, before anything is rendered.
struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String, line: Int)
        case output(Expression, line: Int)
        case branches([(condition: Expression, body: [Node])], otherwise: [Node], line: Int)
        case loop(variables: [String], over: Expression, body: [Node], line: Int)
        case set(String, Expression, line: Int)
        case include(Expression, line: Int)
        case importYAML(Expression, as: String, line: Int)
    }

    let file: String
    let nodes: [Node]

    init(_ source: String, file: String) throws(TemplateError) {
        self.file = file
        var reader = TemplateReader(pieces: try TemplateLexer.pieces(of: source, file: file), file: file)
        nodes = try reader.block(endingAt: [])
        if let stray = reader.stop { throw TemplateError("'\(stray.keyword)' without a matching opening tag", file: file, line: stray.line) }
    }
}
