import BrineCore

/// What the supervisor has heard from its workers, and the swarm-wide lines it makes of it.
struct SupervisorState {
    let workers: Int
    let total: Int
    /// When the workers were told to start (epoch seconds, as the workers' times are).
    var goTime: Double? {
        didSet { lastProgress = goTime ?? 0 }
    }
    private(set) var keyCount = 0
    private(set) var generated = 0
    private var keysReported: Set<Int> = []
    private var ready: [Int]
    private var lastReady = 0.0
    private var authenticatedReported = false
    private var lastProgress = 0.0
    /// Per job: the tallies received, by worker, and when the first came.
    private var jobs: [String: (tallies: [Int: JobTally], since: Double)] = [:]
    /// The progress line goes to stderr this often while minions start.
    static let progressInterval = 5.0

    init(workers: Int, total: Int) {
        self.workers = workers
        self.total = total
        ready = Array(repeating: 0, count: workers)
    }

    var allKeysLoaded: Bool { keysReported.count == workers }

    /// Takes one line from worker `index`.
    mutating func take(_ line: String, from index: Int, now: Double) {
        let words = line.split(separator: " ")
        switch words.first {
        case "keys":
            guard words.count >= 3, let count = Int(words[1]), let made = Int(words[2]), keysReported.insert(index).inserted else { return }
            keyCount += count
            generated += made
        case "ready":
            guard words.count == 3, let count = Int(words[1]), let last = Double(words[2]) else { return }
            ready[index] = count
            lastReady = max(lastReady, last)
        case "job":
            guard let tally = JobTally(workerLine: line[...]) else { return }
            var entry = jobs[tally.jid] ?? ([:], now)
            entry.tallies[index] = tally
            jobs[tally.jid] = entry
        default:
            break
        }
    }

    /// Lines for stdout: the authentication milestone, and jobs every worker (or, after a while, only
    /// some) has reported. A progress line goes to stderr while minions start.
    mutating func report(now: Double) -> [String] {
        var lines: [String] = []
        let authenticated = ready.reduce(0, +)
        if let goTime, !authenticatedReported {
            if authenticated >= total {
                authenticatedReported = true
                lines.append("authenticated \(authenticated) minions in \(String(format3: lastReady - goTime)) s")
            } else if now - lastProgress >= Self.progressInterval {
                lastProgress = now
                Console.error("brine-swarm: \(authenticated)/\(total) authenticated after \(Int(now - goTime)) s\n")
            }
        }
        for (jid, entry) in jobs.sorted(by: { $0.value.since < $1.value.since })
        where entry.tallies.count == workers || now - entry.since >= SwarmSupervisor.jobReportWait {
            jobs[jid] = nil
            let merged = entry.tallies.values.reduce(nil as JobTally?) { $0?.merged(with: $1) ?? $1 }
            if let merged { lines.append(merged.summary) }
        }
        return lines
    }
}
