/// The publisher's books, free of sockets so they are tested directly: the sealed messages of each
/// job, in order, how many of them the publish server has been handed, and how many it has confirmed
/// sending on the publish port. A job is published once all of its messages are confirmed; when the
/// server dies, whatever it has not confirmed was not sent, whether it had been handed over or not.
struct PublicationLedger {
    private struct Entry {
        let jid: String
        let messages: [[[UInt8]]]
        var handed = 0
        var confirmed = 0
        /// When its first message was handed to the server, to notice a server that stopped taking.
        var handedAt: Double?
    }

    private var entries: [Entry] = []
    /// Index of the first entry with messages not yet handed over.
    private var handing = 0

    var isEmpty: Bool { entries.isEmpty }

    mutating func add(jid: String, messages: [[[UInt8]]]) {
        entries.append(Entry(jid: jid, messages: messages))
    }

    /// The next message to hand to the server, if any.
    var next: [[UInt8]]? {
        var index = handing
        while index < entries.count {
            if entries[index].handed < entries[index].messages.count { return entries[index].messages[entries[index].handed] }
            index += 1
        }
        return nil
    }

    /// The server took `next`.
    mutating func handed(at now: Double) {
        while handing < entries.count, entries[handing].handed == entries[handing].messages.count { handing += 1 }
        guard handing < entries.count else { return }
        if entries[handing].handedAt == nil { entries[handing].handedAt = now }
        entries[handing].handed += 1
    }

    /// The server confirmed `count` more messages; returns the jobs now fully published, in order.
    mutating func confirm(_ count: Int) -> [String] {
        var left = count
        var published: [String] = []
        while left > 0, let first = entries.first {
            let unconfirmed = first.handed - first.confirmed
            guard unconfirmed > 0 else { break }
            let taken = min(left, unconfirmed)
            entries[0].confirmed += taken
            left -= taken
            if entries[0].confirmed == entries[0].messages.count {
                published.append(first.jid)
                entries.removeFirst()
                handing = max(handing - 1, 0)
            }
        }
        return published
    }

    /// Forgets every job not fully confirmed (the server died or is stuck); returns them, in order.
    mutating func abandonAll() -> [String] {
        defer {
            entries.removeAll()
            handing = 0
        }
        return entries.map(\.jid)
    }

    /// When the oldest job still waiting for confirmation was first handed over.
    var oldestUnconfirmed: Double? {
        entries.first?.handedAt
    }

    /// Messages handed over and not yet confirmed.
    var inFlight: Int {
        entries.reduce(0) { $0 + $1.handed - $1.confirmed }
    }
}
