public import MessagePack

/// A job as the master publishes it on 4505: Salt's `_prep_pub` load, which the minion decrypts,
/// matches against itself and runs. The master builds it, the minion and the swarm read it, and
/// `saltutil.running` shows it back, so it is built and read here only.
public struct JobPublication: Sendable, Equatable {
    /// `fun`: a function name, or a list of names for a multi-function job.
    public var function: MessagePackValue
    /// `arg`, as Salt's CLI packs it (see `CallArguments`).
    public var arguments: [MessagePackValue]
    /// `tgt`: an expression, or a list of ids for `list` targets.
    public var target: MessagePackValue
    public var jid: String
    /// `ret`: the returners to send the result to besides the master, comma-separated (usually empty).
    public var returners: MessagePackValue
    /// `tgt_type` as Salt spells it (`glob`, `grain_pcre`, ...); a minion ignores types it does not know.
    public var targetType: String
    public var user: String?
    /// Separates grain and pillar keys; Salt sends it only when it is not `:`.
    public var delimiter: String?
    public var metadata: MessagePackValue?
    /// Stamped by the publisher, strictly increasing per AES key: a minion refuses one it has seen.
    public var serial: Int64?
    /// Keys not named above (a stock master's `master_id`, `start_event`, ...), in their order.
    public var extra: [MessagePackPair]

    public init(
        jid: String, function: MessagePackValue, arguments: [MessagePackValue], target: MessagePackValue,
        targetType: String, user: String? = nil, returners: MessagePackValue = "", delimiter: String? = nil,
        metadata: MessagePackValue? = nil, serial: Int64? = nil, extra: [MessagePackPair] = []
    ) {
        self.jid = jid
        self.function = function
        self.arguments = arguments
        self.target = target
        self.targetType = targetType
        self.user = user
        self.returners = returners
        self.delimiter = delimiter
        self.metadata = metadata
        self.serial = serial
        self.extra = extra
    }

    /// Reads a decrypted publication. A load without `jid`, `fun` or `tgt` is not a job (Salt's
    /// minion drops it too); a missing `tgt_type` means `glob` and a missing `arg` no arguments.
    public init(load: MessagePackValue) throws(WireError) {
        var fields = try LoadFields(load, what: "a publication")
        function = try fields.require("fun", where: \.isNameOrList)
        arguments = fields.take("arg", as: \.arrayValue) ?? []
        target = try fields.require("tgt", where: \.isNameOrList)
        jid = try fields.require("jid", as: \.stringValue)
        returners = fields.take("ret") ?? ""
        targetType = fields.take("tgt_type", as: \.stringValue) ?? "glob"
        user = fields.take("user", as: \.stringValue)
        delimiter = fields.take("delimiter", as: \.stringValue)
        metadata = fields.take("metadata")
        serial = fields.take("serial") { $0.intValue.map(Int64.init) }
        extra = fields.rest
    }

    /// The function's name; nil for a multi-function job.
    public var functionName: String? { function.stringValue }

    /// The load in Salt's key order, `serial` last as the publisher appends it.
    public var load: MessagePackValue {
        var builder = LoadBuilder(capacity: 10 + extra.count)
        builder.add("fun", function)
        builder.add("arg", .array(arguments))
        builder.add("tgt", target)
        builder.add("jid", .text(jid))
        builder.add("ret", returners)
        builder.add("tgt_type", .text(targetType))
        builder.add("user", user)
        builder.add("delimiter", delimiter)
        builder.add("metadata", metadata)
        builder.append(extra)
        builder.add("serial", serial.map(MessagePackValue.int))
        return builder.map
    }

    /// The data of the job's `salt/job/<jid>/new` event, which names the minions expected to answer.
    public func announcement(minions: [String]) -> MessagePackValue {
        [
            "jid": .text(jid), "tgt_type": .text(targetType), "tgt": target, "user": user.map(MessagePackValue.text) ?? "root",
            "fun": function, "arg": .array(arguments), "minions": .array(minions.map(MessagePackValue.text)), "missing": [],
        ]
    }

    /// What salt-call records for a function it runs itself (its proc data, and the source of the
    /// function's `__pub_*` keywords): there is no publication, so no target type, arguments or serial.
    public static func localCall(function: String, jid: String, pid: Int64) -> MessagePackValue {
        ["fun": .text(function), "pid": .int(pid), "jid": .text(jid), "tgt": "salt-call"]
    }
}
