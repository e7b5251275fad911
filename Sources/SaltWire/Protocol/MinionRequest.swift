public import MessagePack

/// What a minion asks of the master over its session, by the load's `cmd`.
public enum MinionRequest: Sendable {
    case ret(JobReturn)
    case pillar(PillarRequest)
    case event(MinionEvent)
    /// Salt 3008's `_register_resources`, sent at every start; Brine manages no resources.
    case registerResources
    /// A command this master does not serve (the mine, the file server, ...), by name.
    case other(String)

    public init(_ load: MessagePackValue) throws(WireError) {
        switch load.string("cmd") {
        case JobReturn.command: self = .ret(try JobReturn(load: load))
        case PillarRequest.command: self = .pillar(try PillarRequest(load: load))
        case MinionEvent.command: self = .event(try MinionEvent(load: load))
        case MinionStartup.registerResources: self = .registerResources
        case let command?: self = .other(command)
        case nil: throw .missingField("cmd")
        }
    }
}
