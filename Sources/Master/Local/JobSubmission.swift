import BrineCore
import JobCache
import MessagePack
import SaltWire
import Targeting

/// Turns a tool's `publish` request into a job: resolves who should answer, assigns the jid and
/// builds the load every minion will decrypt. Kept apart from sockets so it is tested directly.
struct JobSubmission {
    let context: MasterContext

    struct Accepted {
        let jid: String
        let minions: [String]
        /// The frame for the publisher thread.
        let publication: [UInt8]
        let events: [Event]
    }

    enum Outcome {
        case accepted(Accepted)
        case refused(String)
    }

    struct Refusal: Error {
        let message: String
    }

    /// The minions a request's target names, without publishing anything (batches need them first).
    func resolve(_ request: MessagePackValue) -> Result<[String], Refusal> {
        let targetType = request.string("tgt_type") ?? "glob"
        guard let type = TargetType(rawValue: targetType) else {
            return .failure(Refusal(message: "unknown target type '\(targetType)'"))
        }
        do {
            let target = try Target(
                request["tgt"] ?? "*", type: type, delimiter: request["kwargs"]?.string("delimiter") ?? ":",
                nodegroups: context.config.nodegroups)
            return .success(expectedMinions(target))
        } catch {
            return .failure(Refusal(message: "\(error)"))
        }
    }

    func submit(_ request: MessagePackValue) -> Outcome {
        guard let function = request["fun"], function.stringValue != nil || function.arrayValue != nil else {
            return .refused("the request names no function")
        }
        let targetType = request.string("tgt_type") ?? "glob"
        let type = TargetType(rawValue: targetType) ?? .glob
        let expression = request["tgt"] ?? "*"
        let delimiter = request["kwargs"]?.string("delimiter") ?? ":"
        let minions: [String]
        switch resolve(request) {
        case .failure(let refusal): return .refused(refusal.message)
        case .success(let resolved): minions = resolved
        }
        if minions.isEmpty {
            return .refused("No minions matched the target. No command was sent, no jid was assigned.")
        }
        let jid = context.jids.next()
        var load: MessagePackValue = [
            "fun": function,
            "arg": request["arg"] ?? [],
            "tgt": expression,
            "jid": .text(jid),
            "ret": request["ret"] ?? "",
            "tgt_type": .text(type == .nodegroup ? "compound" : targetType),
            "user": request["user"] ?? "root",
        ]
        if type == .nodegroup, let name = expression.stringValue {
            guard let compound = try? Target.compoundExpression(forNodegroup: name, nodegroups: context.config.nodegroups) else {
                return .refused("nodegroup '\(name)' cannot be expanded")
            }
            load["tgt"] = .text(compound)
        }
        if delimiter != ":" { load["delimiter"] = .text(delimiter) }
        if let metadata = request["kwargs"]?["metadata"] { load["metadata"] = metadata }
        let idTopics = context.config.zmqFiltering && [.glob, .pcre, .list].contains(type)
        var publication: MessagePackValue = ["load": load]
        if idTopics { publication["minions"] = .array(minions.map(MessagePackValue.text)) }
        let minionList = MessagePackValue.array(minions.map(MessagePackValue.text))
        let events = [
            Event(tag: "salt/job/\(jid)/new", data: [
                "jid": .text(jid), "tgt_type": load["tgt_type"]!, "tgt": load["tgt"]!, "user": load["user"]!,
                "fun": function, "arg": load["arg"]!, "minions": minionList, "missing": [],
            ]),
            Event(tag: "salt/job/\(jid)/publish", data: load),
        ]
        context.cacheWriter.submit(.job(JobRecord(
            jid: jid, function: function, arguments: load["arg"]!, target: load["tgt"]!,
            targetType: load.string("tgt_type") ?? targetType, user: load.string("user") ?? "root",
            startedAt: Timestamp.now(), minions: minions, metadata: load["metadata"])))
        context.logger.info("published job \(jid) \(function.stringValue ?? "multi-function") to \(minions.count) minions")
        return .accepted(Accepted(jid: jid, minions: minions, publication: MessagePack.encode(publication), events: events))
    }

    /// Accepted keys that the target matches, judged on the grains each minion last reported.
    func expectedMinions(_ target: Target) -> [String] {
        context.keys.ids(.accepted).filter { id in
            target.matches(MinionFacts(id: id, grains: target.dependsOnlyOnID ? [:] : context.minions.grains(id)))
        }
    }
}
