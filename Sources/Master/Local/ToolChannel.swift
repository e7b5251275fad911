import BrineCore
import JobCache
import Logging
import SaltWire
import ZeroMQ

/// The local server's sockets and books, owned by its thread: the ROUTER the tools talk to, the line to
/// the publisher, which tool watches which job, and the publish requests waiting for the publisher's
/// word. A tool is told its job went out only once the publish server confirmed it.
final class ToolChannel {
    /// A tool's publish request, answered once the publisher says what became of the job.
    private struct Waiting {
        let identity: [UInt8]
        let minions: [String]
        let events: [Event]
        let deadline: Double
    }

    let router: ZMQSocket
    let publisher: ZMQSocket
    private let context: MasterContext
    private var watchers: [String: [(identity: [UInt8], since: Double)]] = [:]
    private var waiting: [String: Waiting] = [:]
    /// Longer than the publisher takes to give up on a stuck publish server.
    private static let publicationLimit = Publisher.stallLimit + 20

    init(context: MasterContext, router: ZMQSocket, publisher: ZMQSocket) {
        self.context = context
        self.router = router
        self.publisher = publisher
    }

    var isWaiting: Bool { !waiting.isEmpty }

    func send(_ message: LocalMessage, to identity: [UInt8]) {
        send(message.encoded, to: identity)
    }

    private func send(_ encoded: [UInt8], to identity: [UInt8]) {
        do {
            try router.send([identity, [], encoded], dontWait: true)
        } catch {
            unwatch(identity)
        }
    }

    func watch(_ jid: String, by identity: [UInt8]) {
        watchers[jid, default: []].append((identity, Timestamp.monotonic()))
    }

    func unwatch(_ identity: [UInt8]) {
        for jid in Array(watchers.keys) {
            watchers[jid]?.removeAll { $0.identity == identity }
            if watchers[jid]?.isEmpty == true { watchers[jid] = nil }
        }
    }

    /// Sends a job's event to the tools watching the job.
    func forward(_ event: Event) {
        guard let jid = event.tag.jid else { return }
        forward(jid: jid, message: event.localMessage)
    }

    /// Sends an event a worker encoded (`Event.forwardFrames`) to the tools watching its job.
    func forward(jid: String, message: [UInt8]) {
        guard let list = watchers[jid] else { return }
        for watcher in list { send(message, to: watcher.identity) }
    }

    /// Hands a recorded job to the publisher; the tool hears back once the publisher has settled it.
    func publish(_ job: JobSubmission.Accepted, for identity: [UInt8]) {
        let jid = job.publication.jid
        waiting[jid] = Waiting(
            identity: identity, minions: job.minions, events: job.events,
            deadline: Timestamp.monotonic() + Self.publicationLimit)
        do {
            try publisher.send([job.order.encoded])
        } catch {
            settle(PublicationOutcome(jid: jid, notSent: "it could not be handed to the publisher: \(error)"))
        }
    }

    /// The publisher's word on a job: the tool gets its jid and the job's first events, or the reason
    /// it was not sent (which the job cache records too).
    func settle(_ outcome: PublicationOutcome) {
        guard let job = waiting.removeValue(forKey: outcome.jid) else { return }
        if let reason = outcome.notSent {
            context.logger.error("job \(outcome.jid) was not published: \(reason)")
            context.cacheWriter.submit(.notSent(jid: outcome.jid, reason: reason))
            watchers[outcome.jid] = nil
            send(.reply(PublishReply.refused("Job \(outcome.jid) was not published: \(reason).").body), to: job.identity)
            return
        }
        context.logger.info("published job \(outcome.jid) to \(job.minions.count) minions")
        send(.reply(PublishReply.published(jid: outcome.jid, minions: job.minions).body), to: job.identity)
        for event in job.events { forward(event) }
    }

    /// Gives up on jobs the publisher never answered for, and forgets tools that died without saying
    /// so after a day.
    func expire(now: Double) {
        for (jid, job) in waiting where job.deadline < now {
            settle(PublicationOutcome(jid: jid, notSent: "the publisher gave no word within \(Int(Self.publicationLimit)) s"))
        }
        let cutoff = now - 86_400
        watchers = watchers.compactMapValues { list in
            let kept = list.filter { $0.since > cutoff }
            return kept.isEmpty ? nil : kept
        }
    }
}
