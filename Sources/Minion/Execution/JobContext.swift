import BrineCore
import MessagePack

/// What a running function may know and set: the minion's id and grains, its config, the job, and
/// the return code to report (Salt's `__context__["retcode"]`).
public final class JobContext: @unchecked Sendable {
    public let minionID: String
    public let grains: MessagePackValue
    public let config: MinionConfig
    public let jid: String
    private let lock = Mutex()
    private var code = 0

    public init(minionID: String, grains: MessagePackValue, config: MinionConfig, jid: String) {
        self.minionID = minionID
        self.grains = grains
        self.config = config
        self.jid = jid
    }

    public var retcode: Int {
        get { lock.withLock { code } }
        set { lock.withLock { code = newValue } }
    }
}
