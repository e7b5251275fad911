public import MessagePack

/// A minion's `_return` load: the result of one job, as a stock Salt 3008 minion sends it. brine-minion
/// and the swarm build it from the publication they ran; the master reads it, stores it and passes it
/// to the tools in the job's return event.
public struct JobReturn: Sendable, Equatable {
    public static let command = "_return"

    public var jid: String
    /// `return`: what the function returned.
    public var value: MessagePackValue
    public var retcode: Int
    public var success: Bool
    /// `fun` and `fun_args`: what ran, copied from the publication.
    public var function: MessagePackValue
    public var functionArguments: [MessagePackValue]
    /// `out`: the outputter the function asks for (`nested` on errors, say).
    public var outputter: String?
    public var user: String?
    public var masterID: MessagePackValue?
    public var metadata: MessagePackValue?
    /// `_stamp`: when the minion finished the job (ISO 8601, UTC).
    public var stamp: String?
    /// Keys not named above, in their order (`ts`, which the channel adds, and a newer peer's fields).
    public var extra: [MessagePackPair]

    public init(
        jid: String, value: MessagePackValue, retcode: Int, success: Bool, function: MessagePackValue,
        functionArguments: [MessagePackValue], outputter: String? = nil, user: String? = nil,
        masterID: MessagePackValue? = nil, metadata: MessagePackValue? = nil, stamp: String? = nil,
        extra: [MessagePackPair] = []
    ) {
        self.jid = jid
        self.value = value
        self.retcode = retcode
        self.success = success
        self.function = function
        self.functionArguments = functionArguments
        self.outputter = outputter
        self.user = user
        self.masterID = masterID
        self.metadata = metadata
        self.stamp = stamp
        self.extra = extra
    }

    /// The return of `publication`, carrying over what Salt's minion copies from it (`fun`, `arg` as
    /// `fun_args`, `user`, `master_id`, `metadata`).
    public init(
        answering publication: JobPublication, value: MessagePackValue, retcode: Int, success: Bool,
        outputter: String?, stamp: String
    ) {
        self.init(
            jid: publication.jid, value: value, retcode: retcode, success: success, function: publication.function,
            functionArguments: publication.arguments, outputter: outputter, user: publication.user,
            masterID: publication.extra.first { $0.key.stringValue == "master_id" }?.value,
            metadata: publication.metadata, stamp: stamp)
    }

    /// Reads a `_return` load (without its `cmd`, which picked this type, and `id`, which the session
    /// vouches for). Only `jid` and `return` are required, as on a stock master; a missing `retcode`
    /// is 0 and a missing `success` follows it.
    public init(load: MessagePackValue) throws(WireError) {
        var fields = try LoadFields(load, what: "a return")
        _ = fields.take("cmd")
        _ = fields.take("id")
        jid = try fields.require("jid", as: \.stringValue)
        guard let value = fields.take("return") else { throw .missingField("return") }
        self.value = value
        retcode = fields.take("retcode", as: \.intValue) ?? 0
        success = fields.take("success", as: \.boolValue) ?? (retcode == 0)
        function = fields.take("fun") ?? ""
        functionArguments = fields.take("fun_args", as: \.arrayValue) ?? []
        outputter = fields.take("out", as: \.stringValue)
        user = fields.take("user", as: \.stringValue)
        masterID = fields.take("master_id")
        metadata = fields.take("metadata")
        stamp = fields.take("_stamp", as: \.stringValue)
        extra = fields.rest
    }

    /// The load as a minion sends it, in Salt's key order. `minion` is the id to name (the channel
    /// adds its own `id` when it seals a request, so a minion leaves it out here).
    public func load(minion: String? = nil) -> MessagePackValue {
        var builder = LoadBuilder(capacity: 14 + extra.count)
        builder.add("cmd", .text(Self.command))
        builder.add("id", minion)
        builder.add("success", .bool(success))
        builder.add("return", value)
        builder.add("retcode", .int(Int64(retcode)))
        builder.add("out", outputter)
        builder.add("jid", .text(jid))
        builder.add("fun", function)
        builder.add("fun_args", .array(functionArguments))
        builder.add("user", user)
        builder.add("master_id", masterID)
        builder.add("metadata", metadata)
        builder.add("_stamp", stamp)
        builder.append(extra)
        return builder.map
    }

    /// What the tools print as a failure: a non-zero retcode or `success: False`.
    public var failed: Bool { retcode != 0 || !success }
}
