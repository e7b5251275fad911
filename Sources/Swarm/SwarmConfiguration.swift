public import MessagePack

/// What a swarm runs: which simulated minions, where their master is, and how patient they are.
/// The timing defaults are a stock salt-minion's, so a slow master meets the retries a real fleet
/// would send it.
public struct SwarmConfiguration: Sendable {
    /// How many minions this process (or, for the supervisor, the whole swarm) runs.
    public var count: Int
    /// Ids are `<idPrefix><index>`.
    public var idPrefix: String
    /// The index of the first minion: a worker process runs the slice `firstIndex ..< firstIndex + count`.
    public var firstIndex = 0
    /// The masters' hosts: each minion speaks to every one of them, as a stock salt-minion with
    /// `master: [a, b]` does (hot multi-master: one session per master, one jid window for all).
    public var masters = ["127.0.0.1"]
    /// The masters' `ret_port` (the same on every master, as in Salt).
    public var masterPort = 4506
    /// Overrides the publish port the master announces in its auth reply.
    public var publishPort: Int?
    /// Grains merged over `SwarmGrains`' defaults.
    public var grains: MessagePackValue = [:]
    /// Minions started per second, over the whole swarm.
    public var startRate = 500.0
    /// At most this many minions (over the whole swarm) between their first `_auth` and their last
    /// start-up answer; 0 for no limit. A master slower than the start rate then meets a steady queue
    /// instead of a storm of `_auth` retries, and the time to authenticate measures its rate.
    public var maxStarting = 0
    /// Where each minion's key and token are kept between runs.
    public var keyDir: String
    /// Poll threads per process, each owning the sockets of its share of the minions.
    public var threads = 1
    /// Salt's `auth_timeout`: an `_auth` without an answer by then is sent again.
    public var authTimeout = 5.0
    /// Salt's `acceptance_wait_time`: the pause before asking again while the key is pending or rejected.
    public var acceptanceWait = 10.0
    /// Salt's `request_channel_timeout`, for `_pillar` and the start-up events.
    public var requestTimeout = 60.0
    /// Salt's `return_retry_timer` ... `return_retry_timer_max`: each return waits a random time in this
    /// range for the master's answer before it is sent again.
    public var returnTimeout: ClosedRange<Double> = 5...10
    /// Salt's `return_retry_tries`: a return is given up after this many sends.
    public var returnTries = 3

    public init(count: Int, idPrefix: String, keyDir: String) {
        self.count = count
        self.idPrefix = idPrefix
        self.keyDir = keyDir
    }

    /// The id of minion number `index` (counted over the whole swarm).
    public func id(_ index: Int) -> String {
        idPrefix + String(index)
    }

    /// The ids this process runs.
    public var ids: [String] {
        (firstIndex..<(firstIndex + count)).map(id)
    }

    /// Each minion costs about this many file descriptors per master: an eventfd and a TCP connection
    /// for each of its SUB and DEALER sockets.
    public static let descriptorsPerMinion = 4
}
