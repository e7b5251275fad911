import BrineCore
import Synchronization

/// What the poll threads of one process report to its main thread: how many minions are up, and per
/// job how many returns the master acknowledged and when. Also carries the stop request the other way.
final class SwarmProgress: Sendable {
    private struct Counts {
        var readyCount = 0
        var lastReadyTime = 0.0
        var jobs: [String: JobTally] = [:]
        var lastActivity: [String: Double] = [:]
    }

    private let counts = Mutex(Counts())
    private let stopRequested = StopFlag()

    /// A job is reported once nothing happened to it for this long and every minion it reached has
    /// had its return acknowledged or given up.
    static let quietPeriod = 1.0

    /// How many minions are up, and when (epoch seconds) the last of them came up.
    var ready: (count: Int, last: Double) { counts.withLock { ($0.readyCount, $0.lastReadyTime) } }
    var stopping: Bool { stopRequested.isSet }

    func stop() {
        stopRequested.raise()
    }

    func minionReady() {
        let now = Timestamp.now()
        counts.withLock { counts in
            counts.readyCount += 1
            counts.lastReadyTime = now
        }
    }

    /// A minion received job `jid`; `matched` tells whether the target named it.
    func received(jid: String, function: String, matched: Bool) {
        let now = Timestamp.now()
        counts.withLock { counts in
            var tally = counts.jobs[jid] ?? JobTally(jid: jid, function: function, firstReceipt: now)
            if matched { tally.matched += 1 }
            counts.jobs[jid] = tally
            counts.lastActivity[jid] = now
        }
    }

    /// The master acknowledged a return (`acknowledged`), or the minion gave it up after its tries.
    func returnSettled(jid: String, acknowledged: Bool) {
        let now = Timestamp.now()
        counts.withLock { counts in
            guard var tally = counts.jobs[jid] else { return }
            if acknowledged {
                tally.acknowledged += 1
                tally.lastAcknowledgement = now
            } else {
                tally.abandoned += 1
            }
            counts.jobs[jid] = tally
            counts.lastActivity[jid] = now
        }
    }

    /// Jobs that have settled since the last call; each is handed out once.
    func takeSettledJobs() -> [JobTally] {
        let now = Timestamp.now()
        return counts.withLock { counts in
            let settled = counts.jobs.values.filter { tally in
                tally.acknowledged + tally.abandoned >= tally.matched && now - (counts.lastActivity[tally.jid] ?? now) >= Self.quietPeriod
            }
            for tally in settled {
                counts.jobs[tally.jid] = nil
                counts.lastActivity[tally.jid] = nil
            }
            return settled.sorted { $0.firstReceipt < $1.firstReceipt }
        }
    }
}
