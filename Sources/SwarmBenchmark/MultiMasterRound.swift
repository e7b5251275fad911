/// What the multi-master round measured: a swarm whose every minion speaks to two masters (hot
/// multi-master), `test.ping` to all of them from each master in turn.
public struct MultiMasterRound: Sendable {
    /// One master's figures.
    public struct PerMaster: Sendable {
        public let address: String
        /// `brine '*' test.ping` from this master: CLI start to exit, median over the runs.
        public var pingSeconds: Double?
        /// Every run's time, in order: the first runs on a fresh master are the slowest (libzmq touches
        /// each connection's queue memory for the first time).
        public var runSeconds: [Double] = []
        /// The fewest minions that answered in any run.
        public var answered = 0
        /// CPU seconds of this master's processes per run (median).
        public var cpuSeconds: Double?
        /// Proportional set size of this master's processes after the runs.
        public var proportionalBytes = 0
    }

    public let minions: Int
    /// From the swarm's start until every minion finished its start-up with both masters.
    public var authenticationSeconds: Double?
    public var masters: [PerMaster] = []
    public var note: String?

    public init(minions: Int) {
        self.minions = minions
    }
}

/// What the failover round measured: hot swarm minions and failover-mode brine-minions under two
/// masters; a stream of jobs from master b while master a is killed with SIGKILL.
public struct FailoverRound: Sendable {
    public let hotMinions: Int
    public let failoverMinions: Int
    public let aliveInterval: Int
    /// Jobs published on master b during the stream, and those whose every expected return arrived.
    public var jobs = 0
    public var completeJobs = 0
    /// Returns missing from the jobs of the stream (every hot minion answers each).
    public var lostReturns = 0
    /// From the kill until every failover minion answered `test.ping` from master b.
    public var failoverSeconds: Double?
    public var note: String?

    public init(hotMinions: Int, failoverMinions: Int, aliveInterval: Int) {
        self.hotMinions = hotMinions
        self.failoverMinions = failoverMinions
        self.aliveInterval = aliveInterval
    }

    /// Jobs of the stream that did not get every return.
    public var lostJobs: Int { jobs - completeJobs }
}
