import Synchronization

/// A flag one thread raises and others poll: how loops that own no libzmq socket (which would get
/// `ETERM`) learn of shutdown.
public final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    public var isSet: Bool { raised.load(ordering: .acquiring) }

    public func raise() {
        raised.store(true, ordering: .releasing)
    }
}
