public import MessagePack

/// What a stock Salt 3008 minion says once authenticated, in its order (§9 of the wire notes): its
/// grains in a pillar request, the legacy `minion_start` event, `_register_resources`, and
/// `salt/minion/<id>/start`. brine-minion and the swarm both say exactly this.
public enum MinionStartup {
    static let registerResources = "_register_resources"

    /// - Parameter startedAt: `time.asctime()` of the start, which the events carry.
    public static func requests(id: String, grains: MessagePackValue, startedAt: String) -> [MessagePackValue] {
        let started = MessagePackValue.text("Minion \(id) started at \(startedAt)")
        return [
            PillarRequest(grains: grains).load,
            MinionEvent(.init(tag: EventTag.legacyMinionStart.description, data: started)).load,
            ["cmd": .text(registerResources), "resources": [:], "resource_grains": [:]],
            MinionEvent(.init(tag: EventTag.minionStart(id: id).description, data: started)).load,
        ]
    }
}
