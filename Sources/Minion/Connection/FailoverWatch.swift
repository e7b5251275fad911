import BrineCore
import Logging

/// A failover minion's watch over its masters (`master_type: failover`), on the socket thread: only
/// the current master is in use, the others wait on standby. When the current one goes away (its
/// publish connection drops, or every `master_alive_interval` seconds its request port does not accept
/// a connection) or cannot be reached, the next in the list is tried at once; with `master_failback`,
/// every `master_failback_interval` seconds the first master is asked whether it is back, and once it
/// is, the minion returns to it. Returns spooled for a master that went away go to the current one.
struct FailoverWatch {
    private var plan: FailoverPlan
    private let masters: [MasterConnection]
    private let port: Int
    private let aliveInterval: Double
    private let failback: Bool
    private let failbackInterval: Double
    private let logger: Logger
    private var nextAliveCheck = 0.0
    private var nextFailbackCheck = 0.0

    init(config: MinionConfig, masters: [MasterConnection], logger: Logger) {
        plan = FailoverPlan(count: masters.count)
        self.masters = masters
        self.logger = logger
        port = config.masterPort
        aliveInterval = config.masterAliveInterval
        failback = config.masterFailback
        failbackInterval = config.masterFailbackInterval > 0 ? config.masterFailbackInterval
            : config.masterAliveInterval > 0 ? config.masterAliveInterval : 30
        for master in masters.dropFirst() { master.phase = .standby }
        nextFailbackCheck = Timestamp.monotonic() + failbackInterval
    }

    /// The current master accepted the minion.
    mutating func accepted() {
        plan.accepted()
    }

    /// `master` went away or could not be reached (`why`): stop using it, try the next.
    mutating func lost(_ master: MasterConnection, now: Double, why: String) {
        guard masters[plan.current] === master else { return }
        master.close()
        master.phase = .standby
        let (index, delay) = plan.moveOn()
        let next = masters[index]
        next.phase = .authenticating(next: now + delay)
        if next !== master {
            logger.warning("master \(master.address): \(why); failing over to master \(next.address)")
        } else if master.announced {
            logger.debug("master \(master.address), the only one: \(why); asking it again")
        }
    }

    /// The periodic checks: is the current master alive, is the first one back.
    mutating func watch(now: Double) {
        let current = masters[plan.current]
        if aliveInterval > 0, now >= nextAliveCheck {
            nextAliveCheck = now + aliveInterval
            if current.isConnected, !TCPProbe.accepts(host: current.address, port: port, timeout: min(aliveInterval, 2)) {
                lost(current, now: now, why: "its request port did not accept a connection (master_alive_interval)")
                return
            }
        }
        guard failback, plan.isAwayFromFirst, current.isConnected, now >= nextFailbackCheck else { return }
        nextFailbackCheck = now + failbackInterval
        let first = masters[0]
        guard TCPProbe.accepts(host: first.address, port: port, timeout: min(failbackInterval, 2)) else { return }
        logger.warning("master \(first.address), the first of the list, is back; failing back to it from master \(current.address)")
        current.close()
        current.phase = .standby
        plan.failBack()
        first.phase = .authenticating(next: now)
    }
}
