import BrineCore
import JobCache
import Logging
import MessagePack
import SaltWire
import Targeting

/// Turns a tool's `publish` request into a job: resolves who should answer, assigns the jid and
/// builds the publication every minion will decrypt. Kept apart from sockets so it is tested directly.
struct JobSubmission {
    let context: MasterContext

    struct Accepted {
        let publication: JobPublication
        let minions: [String]
        /// What the publisher thread gets: the publication, and the topics to send it under.
        let order: PublicationOrder
        let events: [Event]
        /// To commit before anything is published or acknowledged.
        let record: JobRecord
    }

    enum Outcome {
        case accepted(Accepted)
        case refused(String)
    }

    struct Refusal: Error {
        let message: String
    }

    /// The minions a target names, without publishing anything (batches need them first).
    func resolve(_ expression: MessagePackValue, type targetType: String, delimiter: String) -> Result<[String], Refusal> {
        guard let type = TargetType(rawValue: targetType) else {
            return .failure(Refusal(message: "unknown target type '\(targetType)'"))
        }
        do {
            let target = try Target(expression, type: type, delimiter: delimiter, nodegroups: context.config.nodegroups)
            return .success(expectedMinions(target))
        } catch {
            return .failure(Refusal(message: "\(error)"))
        }
    }

    /// - Parameter refusal: the authorization of the caller (`publisher_acl`), given the request and the
    ///   minions it reaches: a refusal text, or nil to publish.
    func submit(_ request: PublishRequest, refusal: (PublishRequest, [String]) -> String? = { _, _ in nil }) -> Outcome {
        let minions: [String]
        switch resolve(request.target, type: request.targetType, delimiter: request.delimiter) {
        case .failure(let refusal): return .refused(refusal.message)
        case .success(let resolved): minions = resolved
        }
        if minions.isEmpty {
            return .refused("No minions matched the target. No command was sent, no jid was assigned.")
        }
        if let why = refusal(request, minions) { return .refused(why) }
        let type = TargetType(rawValue: request.targetType) ?? .glob
        var publication = JobPublication(
            jid: context.jids.next(), function: request.function, arguments: request.arguments, target: request.target,
            targetType: type == .nodegroup ? TargetType.compound.rawValue : request.targetType, user: request.user,
            returners: .text(request.returners), delimiter: request.delimiter == ":" ? nil : request.delimiter,
            metadata: request.metadata)
        if type == .nodegroup, let name = request.target.stringValue {
            guard let compound = try? Target.compoundExpression(forNodegroup: name, nodegroups: context.config.nodegroups) else {
                return .refused("nodegroup '\(name)' cannot be expanded")
            }
            publication.target = .text(compound)
        }
        let jid = publication.jid
        let idTopics = context.config.zmqFiltering && [.glob, .pcre, .list].contains(type)
        let events = [
            Event(.jobNew(jid: jid), data: publication.announcement(minions: minions)),
            Event(.jobPublished(jid: jid), data: publication.load),
        ]
        let record = JobRecord(
            jid: jid, function: publication.function, arguments: .array(publication.arguments), target: publication.target,
            targetType: publication.targetType, user: request.user, startedAt: Timestamp.now(), minions: minions,
            metadata: publication.metadata)
        return .accepted(Accepted(
            publication: publication, minions: minions,
            order: PublicationOrder(publication: publication, topics: idTopics ? minions : nil),
            events: events, record: record))
    }

    /// Accepted keys that the target matches, judged on the grains each minion last reported and the
    /// pillar last compiled for it.
    func expectedMinions(_ target: Target) -> [String] {
        context.keys.ids(.accepted).filter { id in
            guard !target.dependsOnlyOnID else { return target.matches(MinionFacts(id: id)) }
            let pillar = target.usesPillar ? context.minions.pillar(id) : [:]
            return target.matches(MinionFacts(id: id, grains: context.minions.grains(id), pillar: pillar))
        }
    }
}
