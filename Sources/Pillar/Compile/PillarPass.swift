import MessagePack
import PythonRules
import Targeting
import YAML

/// One compilation of one minion's pillar.
struct PillarPass {
    let compiler: PillarCompiler
    let id: String
    let grains: MessagePackValue
    /// The pillar that `pillar` matches and templates see.
    let pillar: MessagePackValue
    var problems: [String] = []
    var errors: [String] = []
    /// Top file errors, which Salt lists after the SLS errors.
    var topErrors: [String] = []
    /// SLS files include one another at most this deep, so that no chain of includes exhausts the stack.
    static let maxIncludeDepth = 32
    /// Each environment's SLS names, listed once per pass.
    private var listed: [String: [String]?] = [:]

    init(compiler: PillarCompiler, id: String, grains: MessagePackValue, pillar: MessagePackValue) {
        self.compiler = compiler
        self.id = id
        self.grains = grains
        self.pillar = pillar
    }

    private var settings: PillarCompiler.Settings { compiler.settings }
    private var roots: PillarRoots { compiler.roots }

    mutating func run(top given: PillarTop?) -> (PillarTop, MessagePackValue) {
        let top = given ?? readTop()
        let facts = MinionFacts(id: id, grains: grains, pillar: pillar)
        let only = settings.pillarenv ?? (settings.strategy == .none ? "base" : nil)
        let (matches, ignored) = top.matches(facts, nodegroups: settings.nodegroups, only: only, problems: &problems)
        var result: MessagePackValue = [:]
        for (environment, patterns) in matches {
            var names: [String] = []
            let available = slsNames(in: environment)
            if available == nil { errors.append("No matching pillar environment for environment '\(environment)' found") }
            for pattern in patterns {
                let glob = Glob(pattern)
                let matched = available?.filter(glob.matches) ?? []
                for name in matched.isEmpty ? [pattern] : matched where !names.contains(name) { names.append(name) }
            }
            var rendered: [String: MessagePackValue?] = [:]
            for name in names {
                let state = render(name, in: environment, rendered: &rendered, ignoredMissing: ignored, variables: [:])
                if let state, case .map = state { result = merge(result, state) }
            }
        }
        errors += topErrors
        if !errors.isEmpty {
            problems.append(contentsOf: errors.map { "Pillar render error: \($0)" })
            result["_errors"] = .array(errors.map(MessagePackValue.text))
        }
        return (top, result)
    }

    private mutating func slsNames(in environment: String) -> [String]? {
        if let names = listed[environment] { return names }
        let names = roots.slsNames(in: environment)
        listed[environment] = .some(names)
        return names
    }

    private mutating func readTop() -> PillarTop {
        var top = PillarTop()
        for environment in compiler.topEnvironments {
            guard let source = roots.file("top.sls", in: environment) else { continue }
            do {
                let value = try renderYAML(source, environment: environment, variables: [:])
                guard value.isNil || value.mapValue != nil else {
                    throw PillarFileError("\(source.file) does not render to a dictionary")
                }
                top.add(value)
            } catch {
                topErrors.append("Rendering Primary Top file failed, render error:\n\(error)")
            }
        }
        return top
    }

    /// One SLS and its includes (merged first, the SLS itself last); nil when there is nothing to
    /// merge. `rendered` holds what this environment rendered already, so an include cycle stops.
    private mutating func render(
        _ name: String, in environment: String, rendered: inout [String: MessagePackValue?], ignoredMissing: Set<String>,
        variables: [String: MessagePackValue], depth: Int = 0
    ) -> MessagePackValue? {
        guard depth < Self.maxIncludeDepth else {
            errors.append("Including SLS '\(name)' in environment '\(environment)' nests deeper than \(Self.maxIncludeDepth) levels")
            return nil
        }
        guard let source = roots.sls(name, in: environment) else {
            if ignoredMissing.contains(environment + "\u{0}" + name) { return nil }
            if roots.directories(of: environment)?.isEmpty == false {
                errors.append("Specified SLS '\(name)' in environment '\(environment)' is not available on the salt master")
            }
            return nil
        }
        var state: MessagePackValue
        do {
            state = try renderYAML(source, environment: environment, variables: variables)
        } catch {
            problems.append("Rendering SLS '\(name)' failed, render error:\n\(error)")
            errors.append(settings.safeRenderError
                ? "Rendering SLS '\(name)' failed. Please see master log for details."
                : "Rendering SLS '\(name)' failed, render error:\n\(error)")
            rendered[name] = .some(nil)
            return nil
        }
        guard !state.isNil else {
            rendered[name] = .some(nil)
            return nil
        }
        guard state.mapValue != nil else {
            errors.append("SLS '\(name)' does not render to a dictionary")
            rendered[name] = .some(nil)
            return nil
        }
        let include = state["include"]
        state["include"] = nil
        rendered[name] = .some(state)
        guard let include else { return state }
        guard let includes = include.arrayValue else {
            errors.append("Include Declaration in SLS '\(name)' is not formed as a list")
            return state
        }
        var parts: [MessagePackValue] = []
        let available = slsNames(in: environment) ?? []
        for item in includes {
            var included = item.stringValue ?? ""
            var key: String?
            var defaults: [String: MessagePackValue] = [:]
            if let pair = item.mapValue?.first {
                included = pair.key.pythonString
                key = pair.value["key"]?.stringValue
                for variable in pair.value["defaults"]?.mapValue ?? [] {
                    if let variableName = variable.key.stringValue { defaults[variableName] = variable.value }
                }
            }
            if included.hasPrefix(".") {
                // Relative to this SLS's package: `.b` in `a.x` (or in `a`'s init.sls) is `a.b`.
                let parts = name.split(separator: ".").map(String.init)
                let package = source.file.hasSuffix("/init.sls") ? parts : Array(parts.dropLast())
                included = (package + [String(included.drop(while: { $0 == "." }))]).joined(separator: ".")
            }
            let glob = Glob(included)
            let matched = available.filter(glob.matches)
            for sub in matched.isEmpty ? [included] : matched {
                let part: MessagePackValue?
                if let done = rendered[sub] {
                    part = done
                } else {
                    part = render(
                        sub, in: environment, rendered: &rendered, ignoredMissing: ignoredMissing, variables: defaults, depth: depth + 1)
                }
                guard var value = part, value.mapValue != nil else { continue }
                for fragment in (key?.split(separator: ":").map(String.init) ?? []).reversed() {
                    value = .map([MessagePackPair(.text(fragment), value)])
                }
                parts.append(value)
            }
        }
        return (parts + [state]).reduce([:]) { merge($0, $1) }
    }

    private func renderYAML(_ source: TemplateSource, environment: String, variables: [String: MessagePackValue]) throws -> MessagePackValue {
        let roots = roots
        let options: MessagePackValue = [
            "id": .text(id), "saltenv": .text(environment), "pillarenv": settings.pillarenv.map(MessagePackValue.text) ?? .nil,
            "renderer": "jinja|yaml", "pillar_source_merging_strategy": .text(settings.strategy.rawValue),
        ]
        let renderer = TemplateRenderer(
            context: TemplateContext(grains: grains, pillar: pillar, options: options, variables: variables),
            limits: settings.limits
        ) { roots.file($0, in: environment) }
        let text = try renderer.render(source.text, file: source.file)
        do {
            return try YAMLValue.parse(text)
        } catch {
            throw PillarFileError("\(source.file): YAML error: \(error)")
        }
    }

    private func merge(_ base: MessagePackValue, _ update: MessagePackValue) -> MessagePackValue {
        PillarMerge.merge(base, update, strategy: settings.strategy, mergeLists: settings.mergeLists)
    }
}
