import MessagePack
import PythonRules
import YAML

/// A value while rendering: data, or what only a template has (undefined, functions to call).
enum RuntimeValue {
    case data(MessagePackValue)
    case undefined(String)
    case method(MessagePackValue, String)
    case salt
    case saltFunction(String)
}

/// One rendering: its output, its scopes and what it has spent of its limits.
struct RenderState {
    let renderer: TemplateRenderer
    var output = ""
    var outputBytes = 0
    var iterations = 0
    var scopes: [[String: RuntimeValue]]

    init(renderer: TemplateRenderer) {
        self.renderer = renderer
        scopes = [renderer.globals]
    }

    mutating func render(_ template: Template, depth: Int) throws(TemplateError) {
        for node in template.nodes { try render(node, in: template, depth: depth) }
    }

    private mutating func render(_ node: Template.Node, in template: Template, depth: Int) throws(TemplateError) {
        switch node {
        case .text(let text, let line):
            try append(text, file: template.file, line: line)
        case .output(let expression, let line):
            let text = try at(template, line) { () throws(ExpressionError) in try printable(try evaluate(expression)) }
            try append(text, file: template.file, line: line)
        case .branches(let branches, let otherwise, let line):
            for branch in branches where try at(template, line, { () throws(ExpressionError) in try truth(try evaluate(branch.condition)) }) {
                for inner in branch.body { try render(inner, in: template, depth: depth) }
                return
            }
            for inner in otherwise { try render(inner, in: template, depth: depth) }
        case .loop(let variables, let over, let body, let line):
            let items = try at(template, line) { () throws(ExpressionError) in try iterate(try evaluate(over)) }
            scopes.append([:])
            defer { scopes.removeLast() }
            for (index, item) in items.enumerated() {
                iterations += 1
                guard iterations <= renderer.limits.maxIterations else {
                    throw TemplateError("the loops ran more than \(renderer.limits.maxIterations) times", file: template.file, line: line)
                }
                // As in Jinja, each iteration starts from the outer scope: a `set` lasts one iteration.
                scopes[scopes.count - 1] = [:]
                if variables.count == 2 {
                    guard let pair = item.arrayValue, pair.count == 2 else {
                        throw TemplateError("cannot unpack \(item.pythonRepr) into \(variables.joined(separator: ", "))", file: template.file, line: line)
                    }
                    scopes[scopes.count - 1][variables[0]] = .data(pair[0])
                    scopes[scopes.count - 1][variables[1]] = .data(pair[1])
                } else {
                    scopes[scopes.count - 1][variables[0]] = .data(item)
                }
                scopes[scopes.count - 1]["loop"] = .data([
                    "index": .int(Int64(index + 1)), "index0": .int(Int64(index)), "revindex": .int(Int64(items.count - index)),
                    "revindex0": .int(Int64(items.count - index - 1)), "first": .bool(index == 0),
                    "last": .bool(index == items.count - 1), "length": .int(Int64(items.count)),
                ])
                for inner in body { try render(inner, in: template, depth: depth) }
            }
        case .set(let name, let expression, let line):
            let value = try at(template, line) { () throws(ExpressionError) in try evaluate(expression) }
            scopes[scopes.count - 1][name] = value
        case .include(let expression, let line):
            let included = try loadTemplate(expression, in: template, line: line, depth: depth)
            scopes.append([:])
            defer { scopes.removeLast() }
            try render(included, depth: depth + 1)
        case .importYAML(let expression, let name, let line):
            let imported = try loadTemplate(expression, in: template, line: line, depth: depth)
            var inner = RenderState(renderer: renderer)
            inner.iterations = iterations
            try inner.render(imported, depth: depth + 1)
            iterations = inner.iterations
            do {
                scopes[scopes.count - 1][name] = .data(try YAMLValue.parse(inner.output))
            } catch {
                throw TemplateError("import_yaml of \(imported.file): \(error)", file: template.file, line: line)
            }
        }
    }

    private func loadTemplate(_ expression: Expression, in template: Template, line: Int, depth: Int) throws(TemplateError) -> Template {
        let name = try at(template, line) { () throws(ExpressionError) -> String in
            guard case .data(let value) = try evaluate(expression), let name = value.stringValue else {
                throw ExpressionError("a template name must be a string")
            }
            return name
        }
        guard depth < renderer.limits.maxIncludeDepth else {
            throw TemplateError("includes nest deeper than \(renderer.limits.maxIncludeDepth) levels (at '\(name)')", file: template.file, line: line)
        }
        guard let source = renderer.load(name) else {
            throw TemplateError("the template '\(name)' was not found", file: template.file, line: line)
        }
        return try Template(source.text, file: source.file)
    }

    private mutating func append(_ text: String, file: String, line: Int) throws(TemplateError) {
        outputBytes += text.utf8.count
        guard outputBytes <= renderer.limits.maxOutputBytes else {
            throw TemplateError("the output exceeds \(renderer.limits.maxOutputBytes) bytes", file: file, line: line)
        }
        output += text
    }

    private func at<T>(_ template: Template, _ line: Int, _ work: () throws(ExpressionError) -> T) throws(TemplateError) -> T {
        do {
            return try work()
        } catch {
            throw TemplateError(error.message, file: template.file, line: line)
        }
    }

    func lookup(_ name: String) -> RuntimeValue {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        return .undefined("'\(name)' is undefined")
    }
}
