public import MessagePack

/// `_pillar`: how a minion asks for its pillar, and how a Salt minion hands the master its grains.
public struct PillarRequest: Sendable, Equatable {
    public static let command = "_pillar"

    public var grains: MessagePackValue
    public var saltenv: MessagePackValue = .nil
    public var pillarenv: MessagePackValue = .nil
    public var pillarOverride: MessagePackValue = [:]
    public var extraMinionData: MessagePackValue = [:]
    /// `ver`: `"2"` asks for a private reply (`send_private`), as every Salt 3008 minion does.
    public var version: String? = "2"
    public var extra: [MessagePackPair] = []

    public init(grains: MessagePackValue) {
        self.grains = grains
    }

    public init(load: MessagePackValue) throws(WireError) {
        var fields = try LoadFields(load, what: "a pillar request")
        _ = fields.take("cmd")
        _ = fields.take("id")
        grains = fields.take("grains", where: { $0.mapValue != nil }) ?? [:]
        saltenv = fields.take("saltenv") ?? .nil
        pillarenv = fields.take("pillarenv") ?? .nil
        pillarOverride = fields.take("pillar_override") ?? [:]
        extraMinionData = fields.take("extra_minion_data") ?? [:]
        version = fields.take("ver", as: \.stringValue)
        extra = fields.rest
    }

    public var wantsPrivateReply: Bool { version == "2" }

    public var load: MessagePackValue {
        var builder = LoadBuilder(capacity: 7 + extra.count)
        builder.add("cmd", .text(Self.command))
        builder.add("grains", grains)
        builder.add("saltenv", saltenv)
        builder.add("pillarenv", pillarenv)
        builder.add("pillar_override", pillarOverride)
        builder.add("extra_minion_data", extraMinionData)
        builder.add("ver", version)
        builder.append(extra)
        return builder.map
    }
}
