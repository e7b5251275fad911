import MessagePack
import SaltWire

/// A job the local server hands the publisher thread: the publication, and with `zmq_filtering` the
/// minions whose topics it goes out under (nil: one broadcast frame).
struct PublicationOrder {
    var publication: JobPublication
    var topics: [String]?

    init(publication: JobPublication, topics: [String]?) {
        self.publication = publication
        self.topics = topics
    }

    init(decoding frame: [UInt8]) throws {
        let order = try MessagePack.decode(frame)
        guard let load = order["publication"] else { throw WireError.missingField("publication") }
        publication = try JobPublication(load: load)
        topics = order["topics"]?.arrayValue?.compactMap(\.stringValue)
    }

    var encoded: [UInt8] {
        MessagePack.encode([
            "publication": publication.load,
            "topics": topics.map { .array($0.map(MessagePackValue.text)) } ?? .nil,
        ])
    }
}
