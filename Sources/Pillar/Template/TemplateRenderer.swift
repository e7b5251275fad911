import MessagePack
import PythonRules
import YAML

/// Renders the Jinja subset with Salt's choices: undefined values are errors (Salt's
/// `StrictUndefined`) unless `default` replaces them; `salt[...]` offers only `grains.get` and
/// `pillar.get`, which read the minion's data and run nothing on the master.
public struct TemplateRenderer: Sendable {
    public typealias Loader = @Sendable (String) -> TemplateSource?

    let context: TemplateContext
    let limits: TemplateLimits
    let load: Loader

    public init(context: TemplateContext, limits: TemplateLimits = TemplateLimits(), load: @escaping Loader) {
        self.context = context
        self.limits = limits
        self.load = load
    }

    /// The rendered text of `source`; `file` names it in errors.
    public func render(_ source: String, file: String) throws(TemplateError) -> String {
        var state = RenderState(renderer: self)
        try state.render(try Template(source, file: file), depth: 0)
        return state.output
    }

    var globals: [String: RuntimeValue] {
        var globals: [String: RuntimeValue] = [
            "grains": .data(context.grains), "pillar": .data(context.pillar), "opts": .data(context.options), "salt": .salt,
        ]
        for (name, value) in context.variables { globals[name] = .data(value) }
        return globals
    }
}
