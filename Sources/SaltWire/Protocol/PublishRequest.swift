public import MessagePack

/// A tool's request to publish a job (`brine`, the runners): what to run where, as typed on the
/// command line. The master resolves the target, assigns the jid and builds the `JobPublication`.
public struct PublishRequest: Sendable, Equatable {
    public var target: MessagePackValue
    public var targetType: String
    public var function: MessagePackValue
    public var arguments: [MessagePackValue]
    /// The user the job runs for, as the job cache and `jobs.*` show it.
    public var user: String
    public var returners: String = ""
    public var delimiter: String = ":"
    public var metadata: MessagePackValue?
    /// Stream the job's events to the asking tool (`--async` does not).
    public var watch: Bool

    public init(
        target: MessagePackValue, targetType: String, function: MessagePackValue, arguments: [MessagePackValue] = [],
        user: String, watch: Bool
    ) {
        self.target = target
        self.targetType = targetType
        self.function = function
        self.arguments = arguments
        self.user = user
        self.watch = watch
    }

    init(load: MessagePackValue) throws(WireError) {
        var fields = try LoadFields(load, what: "a publish request")
        target = fields.take("tgt") ?? "*"
        targetType = fields.take("tgt_type", as: \.stringValue) ?? "glob"
        function = try fields.require("fun", where: \.isNameOrList)
        arguments = fields.take("arg", as: \.arrayValue) ?? []
        user = fields.take("user", as: \.stringValue) ?? "root"
        returners = fields.take("ret", as: \.stringValue) ?? ""
        delimiter = fields.take("delimiter", as: \.stringValue) ?? ":"
        metadata = fields.take("metadata")
        watch = fields.take("watch", as: \.boolValue) ?? false
    }

    var load: MessagePackValue {
        var builder = LoadBuilder()
        builder.add("tgt", target)
        builder.add("tgt_type", .text(targetType))
        builder.add("fun", function)
        builder.add("arg", .array(arguments))
        builder.add("user", .text(user))
        builder.add("ret", .text(returners))
        builder.add("delimiter", .text(delimiter))
        builder.add("metadata", metadata)
        builder.add("watch", .bool(watch))
        return builder.map
    }
}
