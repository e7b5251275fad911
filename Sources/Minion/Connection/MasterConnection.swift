import BrineCore
import SaltWire
import ZeroMQ

/// One master of the minion's `master` list, owned by the socket thread: the REQ socket and the
/// session over it, the SUB socket once the master accepted the key, and where the connection stands.
/// A hot minion has one per master, all in use; a failover minion uses one at a time.
final class MasterConnection {
    enum Phase: Equatable {
        /// Not in use: a failover minion's masters other than its current one.
        case standby
        /// Authenticating; the next attempt is due at `next` (monotonic seconds).
        case authenticating(next: Double)
        /// Accepted and subscribed: publications in, returns out.
        case connected
        /// The master refuses the minion's algorithms: not asked again.
        case refused
    }

    /// The master's address as the config names it; spooled returns remember their master by it.
    let address: String
    let session: MasterSession
    private let link: MasterLink
    /// Kept once made, closed or not: each reopening names its monitor anew.
    private var madeFeed: PublicationFeed?
    /// The SUB socket while subscribed.
    private(set) var feed: PublicationFeed?
    var phase: Phase = .authenticating(next: 0)
    /// The pause after a pending or rejected key (`acceptance_wait_time`, doubling up to its max).
    var acceptanceWait: Double
    /// Set after a new SUB socket was made: when to make another if it has not connected by then.
    var connectBy: Double?
    /// When spooled returns and changed grains may next be sent to this master.
    var nextRetry = 0.0
    /// Grains a job changed that this master has not been told yet.
    var grainsDue = false
    /// Whether this master got the start-up announcement (later sessions send the grains only).
    var announced = false
    /// `session.authentications` when last looked at: a new `_auth` sends what waited at once.
    var authenticationsSeen = 0
    private let index: Int

    init(index: Int, address: String, link: MasterLink, session: MasterSession, acceptanceWait: Double) {
        self.index = index
        self.address = address
        self.link = link
        self.session = session
        self.acceptanceWait = acceptanceWait
    }

    var isConnected: Bool { phase == .connected }

    /// Whether the loop should look at this connection again soon (an attempt or a connect is due).
    var isBusy: Bool {
        if case .authenticating = phase { return true }
        return connectBy != nil
    }

    /// Subscribes to the master's publish port, with a new SUB socket (connecting now).
    func subscribe(zmq: ZMQContext, config: MinionConfig, id: String, publishPort: Int) throws {
        if let madeFeed {
            try madeFeed.reopen(publishPort: publishPort)
        } else {
            madeFeed = try PublicationFeed(zmq: zmq, config: config, id: id, host: address, index: index, publishPort: publishPort)
        }
        feed = madeFeed
    }

    /// Stops using this master: both sockets closed (a failover minion moving on, or the minion stopping).
    func close() {
        madeFeed?.close()
        feed = nil
        link.reset()
        connectBy = nil
    }
}
