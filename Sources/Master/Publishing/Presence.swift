import BrineCore
public import SaltWire
import Synchronization

/// Which minions hold a live connection to the publish port, learnt from the subscriptions the XPUB
/// socket sees: a minion subscribing to its own topic (sha1 of its id) is connected until that
/// subscription goes away with its connection. brine-minions always subscribe to their topic; stock
/// salt-minions do when `zmq_filtering` is on. Minions that never showed a topic are `unknown`.
public final class Presence: Sendable {
    private struct Topics {
        /// Live subscriptions per topic (a reconnecting minion may briefly hold two).
        var subscriptions: [[UInt8]: Int] = [:]
        var everSeen: Set<[UInt8]> = []
    }

    private let topics = Mutex(Topics())

    public init() {}

    /// Applies one XPUB subscription message: `\u{1}topic` or `\u{0}topic`.
    func apply(_ message: [UInt8]) {
        guard let kind = message.first, message.count == 41 else { return }
        let topic = Array(message.dropFirst())
        topics.withLock { topics in
            if kind == 1 {
                topics.subscriptions[topic, default: 0] += 1
                topics.everSeen.insert(topic)
            } else if kind == 0, let count = topics.subscriptions[topic] {
                topics.subscriptions[topic] = count > 1 ? count - 1 : nil
            }
        }
    }

    public func state(of id: String) -> MinionConnection {
        let topic = Publication.topic(for: id)
        return topics.withLock { topics in
            if topics.subscriptions[topic] != nil { return .connected }
            return topics.everSeen.contains(topic) ? .disconnected : .unknown
        }
    }

    /// The publish server went away with every connection: all minions seen so far are disconnected
    /// until they subscribe again.
    func connectionsLost() {
        topics.withLock { $0.subscriptions.removeAll() }
    }
}
