/// What one system did with one swarm size.
public struct SwarmRound: Sendable {
    public let system: BenchMaster.Kind
    public let minions: Int
    /// From the swarm's start to its last minion authenticated (start-up done).
    public var authenticationSeconds: Double?
    /// The `test.ping` runs, in order.
    public var pings: [PingRun] = []
    /// CPU seconds the master's processes used while all minions authenticated.
    public var authenticationCPUSeconds: Double?
    /// The highest resident memory of the master's processes (summed) seen during the round.
    public var peakResidentBytes = 0
    /// The proportional set size of the master's processes (summed) once the pings are done: pages two
    /// processes share count half in each, so a multi-process master is not charged twice for its code.
    public var proportionalBytes = 0
    /// What went wrong, if something did.
    public var note: String?

    public init(system: BenchMaster.Kind, minions: Int) {
        self.system = system
        self.minions = minions
    }

    /// The fewest minions that answered in any run.
    public var answered: Int { pings.map(\.answered).min() ?? 0 }
    /// Median time from starting the CLI to its exit, over the runs where every minion answered.
    public var answerSeconds: Double? { Self.median(completeRuns.map(\.seconds)) }
    /// The runs where every minion answered.
    public var completeRuns: [PingRun] { pings.filter { $0.answered == minions } }
    /// Median of the master's acknowledged returns per second.
    public var returnsPerSecond: Double? { Self.median(pings.compactMap(\.returnsPerSecond)) }
    /// Median CPU seconds of the master's processes during a run.
    public var pingCPUSeconds: Double? { Self.median(pings.map(\.cpuSeconds)) }

    /// Every minion answered every run.
    public var complete: Bool { !pings.isEmpty && answered == minions && note == nil }

    private static func median(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.sorted()[values.count / 2]
    }
}

/// One `<cli> '*' test.ping`.
public struct PingRun: Sendable {
    /// From starting the CLI to its exit, which comes once every minion answered (or at its timeout).
    public let seconds: Double
    /// Minions that answered `True` in the CLI's output.
    public let answered: Int
    /// CPU seconds the master's processes used meanwhile.
    public let cpuSeconds: Double
    /// Returns the master acknowledged per second, from the first publication a minion received to the
    /// last acknowledgement (measured by the swarm, the same way for both masters).
    public let returnsPerSecond: Double?
}
