/// Which master a failover minion (`master_type: failover`) uses, without sockets: its list in order
/// (shuffled once at start with `random_master`), the current one, the next when that one goes away or
/// cannot be reached, and a pause after a whole round in which none could be reached, so a minion whose
/// masters are all down asks each about once a second rather than spinning.
struct FailoverPlan: Sendable, Equatable {
    let count: Int
    private(set) var current = 0
    /// Masters that could not be reached since one last accepted the minion.
    private var unreachableInARow = 0

    init(count: Int) {
        self.count = max(count, 1)
    }

    /// The current master went away or could not be reached: the next in the list, and how long to wait
    /// before asking it (a second after every master in turn failed, none otherwise).
    mutating func moveOn() -> (index: Int, delay: Double) {
        unreachableInARow += 1
        current = (current + 1) % count
        guard unreachableInARow >= count else { return (current, 0) }
        unreachableInARow = 0
        return (current, 1)
    }

    /// The current master accepted the minion.
    mutating func accepted() {
        unreachableInARow = 0
    }

    /// `master_failback`: whether there is a first master to go back to.
    var isAwayFromFirst: Bool { current != 0 }

    /// Goes back to the first master (it answers again).
    mutating func failBack() {
        current = 0
        unreachableInARow = 0
    }
}
