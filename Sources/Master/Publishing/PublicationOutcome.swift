import MessagePack

/// The publisher's word to the local server on one job: published (the publish server sent all of
/// its messages on the publish port), or not sent and why. The tool that asked waits for it.
struct PublicationOutcome {
    let jid: String
    /// nil when published.
    let notSent: String?

    init(jid: String, notSent: String?) {
        self.jid = jid
        self.notSent = notSent
    }

    init?(decoding frame: [UInt8]) {
        guard let value = try? MessagePack.decode(frame), let jid = value.string("jid") else { return nil }
        self.jid = jid
        notSent = value.string("not_sent")
    }

    var encoded: [UInt8] {
        MessagePack.encode(["jid": .text(jid), "not_sent": notSent.map(MessagePackValue.text) ?? .nil])
    }

    /// An outcome as a `Result` failure.
    struct Refusal: Error {
        let outcome: PublicationOutcome

        init(_ outcome: PublicationOutcome) {
            self.outcome = outcome
        }

        var encoded: [UInt8] { outcome.encoded }
    }
}
