/// Events a request fired, collected while it is handled and sent by the thread that owns the socket.
final class EventBuffer {
    private var events: [Event] = []

    func fire(_ event: Event) {
        events.append(event)
    }

    func drain() -> [Event] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }
}
