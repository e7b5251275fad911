import BrineCore
import JobCache
import MessagePack
import SaltWire

/// `manage.*`: who in the fleet is up (answers `test.ping`) and who is present (holds a live
/// connection to the master, asking no minion anything). Shapes as in salt/runners/manage.py.
struct ManageRunner {
    let config: MasterConfig

    func run(_ call: RunnerCall) throws -> MessagePackValue {
        switch call.function {
        case "manage.status", "manage.up", "manage.down":
            try call.check(allowed: ["tgt", "tgt_type", "timeout", "gather_job_timeout", "removekeys"])
            let (up, down) = try ping(call)
            switch call.function {
            case "manage.up": return list(up)
            case "manage.down":
                if call.bool("removekeys", default: false) { try removeKeys(down) }
                return list(down)
            default: return ["up": list(up), "down": list(down)]
            }
        case "manage.present", "manage.not_present":
            try call.check(allowed: ["subset", "show_ip"])
            let (present, absent) = try presence(subset: call.list("subset"))
            return list(call.function == "manage.present" ? present : absent)
        default:
            throw RunnerError.unknownFunction(call.function)
        }
    }

    private func list(_ ids: [String]) -> MessagePackValue {
        .array(ids.sorted().map(MessagePackValue.text))
    }

    /// Pings the target; the minions that answer within the timeout are up, the other expected ones down.
    private func ping(_ call: RunnerCall) throws -> (up: [String], down: [String]) {
        let client = try LocalClient(config: config)
        let timeout = call.value("timeout")?.doubleValue ?? call.string("timeout").flatMap(Double.init) ?? config.timeout
        guard let gathered = try client.gather(
            target: .text(call.string("tgt") ?? "*"), targetType: call.string("tgt_type") ?? "glob",
            function: "test.ping", timeout: timeout)
        else { return ([], []) }
        return (gathered.expected.filter { gathered.returns[$0] != nil }, gathered.missing)
    }

    /// Splits the accepted minions (or `subset`) by the master's view of their connection.
    private func presence(subset: [String]) throws -> (present: [String], absent: [String]) {
        let accepted = try config.openKeyStore(report: { Console.error("\($0)\n") }).keys.ids(.accepted)
        let ids = subset.isEmpty ? accepted : accepted.filter(subset.contains)
        let states = try LocalClient(config: config).presence(ids)
        let present = ids.filter { states[$0] == .connected }
        return (present, ids.filter { !present.contains($0) })
    }

    private func removeKeys(_ ids: [String]) throws {
        let keys = try config.openKeyStore(report: { Console.error("\($0)\n") }).keys
        for id in ids { keys.delete(id) }
        _ = LocalClient.notifyKeysChanged(config: config, removed: ids, rotate: config.rotateAESKey)
    }
}
