public import MessagePack

/// A published job, as recorded at publication.
public struct JobRecord: Sendable, Equatable {
    public var jid: String
    public var function: MessagePackValue
    public var arguments: MessagePackValue
    public var target: MessagePackValue
    public var targetType: String
    public var user: String
    /// Seconds since the epoch (the jid's own time).
    public var startedAt: Double
    /// The minions expected to answer.
    public var minions: [String]
    public var metadata: MessagePackValue?

    public init(
        jid: String, function: MessagePackValue, arguments: MessagePackValue, target: MessagePackValue,
        targetType: String, user: String, startedAt: Double, minions: [String], metadata: MessagePackValue? = nil
    ) {
        self.jid = jid
        self.function = function
        self.arguments = arguments
        self.target = target
        self.targetType = targetType
        self.user = user
        self.startedAt = startedAt
        self.minions = minions
        self.metadata = metadata
    }
}

/// One minion's return for one job.
public struct ReturnRecord: Sendable, Equatable {
    public var jid: String
    public var minion: String
    public var value: MessagePackValue
    public var retcode: Int
    public var success: Bool
    /// The outputter the minion asked for (`out`), if any.
    public var outputter: String?
    public var returnedAt: Double

    public init(
        jid: String, minion: String, value: MessagePackValue, retcode: Int, success: Bool, outputter: String?,
        returnedAt: Double
    ) {
        self.jid = jid
        self.minion = minion
        self.value = value
        self.retcode = retcode
        self.success = success
        self.outputter = outputter
        self.returnedAt = returnedAt
    }
}

/// What the master knows of a minion between restarts: its grains, the pillar last compiled for it
/// (for pillar targets) and when it was last heard from.
public struct MinionRecord: Sendable, Equatable {
    public var id: String
    public var grains: MessagePackValue
    public var pillar: MessagePackValue
    public var lastSeen: Double

    public init(id: String, grains: MessagePackValue, pillar: MessagePackValue = [:], lastSeen: Double) {
        self.id = id
        self.grains = grains
        self.pillar = pillar
        self.lastSeen = lastSeen
    }
}

/// A job with its progress, as listed by the jobs runner. Listings leave `job.minions` empty
/// (`expected` still counts them); a single job's lookup fills it.
public struct JobSummary: Sendable, Equatable {
    public var job: JobRecord
    public var expected: Int
    public var returned: Int
    public var failed: Int
    /// Why the job was recorded but never published; filled by a single job's lookup.
    public var notSent: String?
}
