public import MessagePack
import Targeting
import PythonRules
import YAML

/// Compiles one minion's pillar from `pillar_roots`, as Salt's master does for `_pillar`: the top
/// files say which SLS files the minion gets, each SLS is rendered (`jinja|yaml`) with the minion's
/// grains, its `include:`s merged under it, and the results merged in order. Nothing here throws: a
/// file that cannot be rendered becomes an entry of the pillar's `_errors` list (Salt's text) and a
/// detailed line in `problems`, for the master's log.
public struct PillarCompiler: Sendable {
    public struct Settings: Sendable {
        public var strategy: PillarMergingStrategy
        public var mergeLists: Bool
        /// Salt's `pillar_safe_render_error`: the minion is told only that an SLS failed, and the
        /// details (file, line, construct) stay in the master's log.
        public var safeRenderError: Bool
        /// Salt's `pillarenv`: only that environment's top file and SLS files.
        public var pillarenv: String?
        public var nodegroups: [String: MessagePackValue]
        public var limits: TemplateLimits

        public init(
            strategy: PillarMergingStrategy = .smart, mergeLists: Bool = false, safeRenderError: Bool = true,
            pillarenv: String? = nil, nodegroups: [String: MessagePackValue] = [:], limits: TemplateLimits = TemplateLimits()
        ) {
            self.strategy = strategy
            self.mergeLists = mergeLists
            self.safeRenderError = safeRenderError
            self.pillarenv = pillarenv
            self.nodegroups = nodegroups
            self.limits = limits
        }
    }

    public struct Compilation: Sendable {
        /// The pillar, with `_errors` when something failed.
        public var pillar: MessagePackValue
        /// What went wrong, in detail, one line (or paragraph) each.
        public var problems: [String]
    }

    public let roots: PillarRoots
    public let settings: Settings

    public init(roots: PillarRoots, settings: Settings = Settings()) {
        self.roots = roots
        self.settings = settings
    }

    /// The pillar of the minion `id` with these grains. When a top file targets by pillar, matching
    /// runs twice: first with an empty pillar, then with the pillar that gave. `pillarenv`, when the
    /// minion names one (its own `pillarenv` option), replaces the master's, as in Salt.
    public func compile(id: String, grains: MessagePackValue, pillarenv: String? = nil) -> Compilation {
        if let pillarenv, !pillarenv.isEmpty, pillarenv != settings.pillarenv {
            var settings = settings
            settings.pillarenv = pillarenv
            return PillarCompiler(roots: roots, settings: settings).compile(id: id, grains: grains)
        }
        var pass = PillarPass(compiler: self, id: id, grains: grains, pillar: [:])
        let (top, firstPillar) = pass.run(top: nil)
        guard top.matchesOnPillar else { return Compilation(pillar: firstPillar, problems: pass.problems) }
        var matchingPillar = firstPillar
        matchingPillar["_errors"] = nil
        var second = PillarPass(compiler: self, id: id, grains: grains, pillar: matchingPillar)
        let (_, pillar) = second.run(top: top)
        return Compilation(pillar: pillar, problems: second.problems)
    }

    /// The environments whose top files are read: `base` first, then the others in order; with the
    /// `none` strategy, or `pillarenv`, only one.
    var topEnvironments: [String] {
        if let pillarenv = settings.pillarenv { return [pillarenv] }
        if settings.strategy == .none { return ["base"] }
        let names = roots.environments.map(\.name)
        return (names.contains("base") ? ["base"] : []) + names.filter { $0 != "base" }
    }
}
