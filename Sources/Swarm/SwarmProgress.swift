import BrineCore

/// What the poll threads of one process report to its main thread: how many minions are up, and per
/// job how many returns the master acknowledged and when. Also carries the stop request the other way.
final class SwarmProgress: @unchecked Sendable {
    private let lock = Mutex()
    private var readyCount = 0
    private var lastReadyTime = 0.0
    private var stopRequested = false
    private var jobs: [String: JobTally] = [:]
    private var lastActivity: [String: Double] = [:]

    /// A job is reported once nothing happened to it for this long and every minion it reached has
    /// had its return acknowledged or given up.
    static let quietPeriod = 1.0

    /// How many minions are up, and when (epoch seconds) the last of them came up.
    var ready: (count: Int, last: Double) { lock.withLock { (readyCount, lastReadyTime) } }
    var stopping: Bool { lock.withLock { stopRequested } }

    func stop() {
        lock.withLock { stopRequested = true }
    }

    func minionReady() {
        let now = Timestamp.now()
        lock.withLock {
            readyCount += 1
            lastReadyTime = now
        }
    }

    /// A minion received job `jid`; `matched` tells whether the target named it.
    func received(jid: String, function: String, matched: Bool) {
        let now = Timestamp.now()
        lock.withLock {
            var tally = jobs[jid] ?? JobTally(jid: jid, function: function, firstReceipt: now)
            if matched { tally.matched += 1 }
            jobs[jid] = tally
            lastActivity[jid] = now
        }
    }

    /// The master acknowledged a return (`acknowledged`), or the minion gave it up after its tries.
    func returnSettled(jid: String, acknowledged: Bool) {
        let now = Timestamp.now()
        lock.withLock {
            guard var tally = jobs[jid] else { return }
            if acknowledged {
                tally.acknowledged += 1
                tally.lastAcknowledgement = now
            } else {
                tally.abandoned += 1
            }
            jobs[jid] = tally
            lastActivity[jid] = now
        }
    }

    /// Jobs that have settled since the last call; each is handed out once.
    func takeSettledJobs() -> [JobTally] {
        let now = Timestamp.now()
        return lock.withLock {
            let settled = jobs.values.filter { tally in
                tally.acknowledged + tally.abandoned >= tally.matched && now - (lastActivity[tally.jid] ?? now) >= Self.quietPeriod
            }
            for tally in settled {
                jobs[tally.jid] = nil
                lastActivity[tally.jid] = nil
            }
            return settled.sorted { $0.firstReceipt < $1.firstReceipt }
        }
    }
}
