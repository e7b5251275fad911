public import BrineCore
public import MessagePack
import Synchronization

/// What a running function may know and set: the minion's id and grains, its config, the job, the
/// functions and jobs of this minion, and the return code to report (Salt's `__context__["retcode"]`).
public final class JobContext: ChildObserver, Sendable {
    public let minionID: String
    /// The minion's grains: functions that change them go through the store, so later jobs,
    /// targeting and the master see the change.
    public let grainStore: GrainStore
    public let config: MinionConfig
    public let jid: String
    /// The job's publication (Salt's `data`): `saltutil` reports it and `**kwargs` functions get it as `__pub_*`.
    public let publication: MessagePackValue
    /// Every function of this minion, for `sys.*`.
    public let functions: FunctionRegistry
    /// The jobs running on this minion; the children this job starts are recorded there so
    /// `saltutil.kill_job` can reach them.
    public let jobs: RunningJobs
    /// The master's request port, for the file client; nil where there is no master (`brine-call`).
    public let master: MasterChannel?
    /// The pillar the master sent: `pillar.*` read it, `saltutil.refresh_pillar` renews it.
    public let pillarStore: PillarStore
    private let code = Mutex(0)

    public init(
        minionID: String, grains: GrainStore, config: MinionConfig, jid: String,
        publication: MessagePackValue, functions: FunctionRegistry, jobs: RunningJobs,
        master: MasterChannel? = nil, pillar: PillarStore = PillarStore()
    ) {
        self.pillarStore = pillar
        self.minionID = minionID
        self.grainStore = grains
        self.config = config
        self.jid = jid
        self.publication = publication
        self.functions = functions
        self.jobs = jobs
        self.master = master
    }

    /// The grains as they are now.
    public var grains: MessagePackValue { grainStore.current }

    /// The minion's current compiled pillar (a map).
    public var pillar: MessagePackValue { pillarStore.current }

    public var retcode: Int {
        get { code.withLock { $0 } }
        set { code.withLock { $0 = newValue } }
    }

    public func childStarted(_ pid: Int32) {
        jobs.adopt(pid, jid: jid)
    }

    public func childExiting(_ pid: Int32) {
        jobs.release(pid, jid: jid)
    }
}
