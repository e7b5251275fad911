import SaltWire

/// What the sessions of one simulated minion share when it has several masters, as a stock
/// salt-minion's `MinionManager` shares its jid queue between the minions it runs, one per master: the
/// dispatcher (the jids run, so a job two masters publish runs once, and a serial per master's AES
/// key), and how many masters it has finished starting up with. Used by one poll thread only.
final class SharedMinion {
    var dispatcher: MinionDispatcher
    private let masters: Int
    private var readyMasters = 0

    init(id: String, masters: Int) {
        dispatcher = MinionDispatcher(id: id)
        self.masters = masters
    }

    /// One master's start-up is done; true when that makes every master's: the minion is up.
    func readyWithOneMaster() -> Bool {
        readyMasters += 1
        return readyMasters == masters
    }
}
