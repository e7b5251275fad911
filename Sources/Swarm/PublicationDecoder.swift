import SaltWire

/// Opens publications for the minions of one poll thread. Every minion holds the same master AES key and
/// receives the same frame, so the first one's decryption, decoding and target parsing serve the others:
/// work a real fleet spreads over its hosts would otherwise pile up on this one machine and slow the
/// master under test. Each minion still decides for itself (`MinionDispatcher.decide`).
final class PublicationDecoder {
    private struct Entry {
        let keyString: String
        let frame: [UInt8]
        let opened: MinionDispatcher.Opened
    }

    /// A few recent frames: publications arrive at every minion within a fraction of a second.
    private var recent: [Entry] = []
    private static let remembered = 4

    /// Like a stock minion (`sign_pub_messages: False`), the signature is not checked.
    func open(_ frame: [UInt8], aes: Crypticle) -> MinionDispatcher.Opened {
        if let hit = recent.first(where: { $0.frame == frame && $0.keyString == aes.keyString }) { return hit.opened }
        let opened = MinionDispatcher.open(frame, aes: aes, masterKey: nil)
        recent.append(Entry(keyString: aes.keyString, frame: frame, opened: opened))
        if recent.count > Self.remembered { recent.removeFirst() }
        return opened
    }
}
