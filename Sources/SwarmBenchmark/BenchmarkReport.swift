import BrineTesting
import Client
import PythonRules
/// The swarm benchmark's results: one table with both systems and Brine's advantage per row, and the
/// same as JSON for the chart.
public struct BenchmarkReport: Sendable {
    public var rounds: [SwarmRound] = []
    public var footprints: [MinionFootprint] = []
    /// Things the reader must know: a system that could not hold a size, a missing Salt venv.
    public var notes: [String] = []
    /// The machine, in a few words.
    public var machine: String

    public init(machine: String) {
        self.machine = machine
    }

    /// A Markdown table. The last column is how many times better Brine did: Salt ÷ Brine for times,
    /// memory and CPU, Brine ÷ Salt for rates; below 1 Salt did better.
    public func table() -> String {
        var lines = ["| measure | minions | Brine | Salt | Brine's advantage |", "|---|---:|---:|---:|---:|"]
        for size in Set(rounds.map(\.minions)).sorted() {
            let brine = rounds.first { $0.system == .brine && $0.minions == size }
            let salt = rounds.first { $0.system == .salt && $0.minions == size }
            func row(_ name: String, _ value: (SwarmRound) -> Double?, format: (Double) -> String, higherIsBetter: Bool = false) {
                let mine = brine.flatMap(value)
                let theirs = salt.flatMap(value)
                lines.append("| \(name) | \(size) | \(mine.map(format) ?? cell(brine)) | \(theirs.map(format) ?? cell(salt)) | "
                    + "\(Self.advantage(mine, theirs, higherIsBetter: higherIsBetter)) |")
            }
            row("all minions authenticated (s)", \.authenticationSeconds, format: Self.decimals(2))
            row("`test.ping`, CLI start to all answered (s, median of the runs where all did)", \.answerSeconds, format: Self.decimals(3))
            lines.append("| minions that answered, per run | \(size) | \(answers(brine)) | \(answers(salt)) | |")
            if size > 1 {  // one return has no rate
                row("returns/s acknowledged by the master", \.returnsPerSecond, format: Self.decimals(0), higherIsBetter: true)
            }
            row("master CPU during `test.ping` (s)", \.pingCPUSeconds, format: Self.decimals(2))
            row("master CPU while all authenticated (s)", \.authenticationCPUSeconds, format: Self.decimals(1))
            row("master peak RSS, all processes (MB)", { $0.peakResidentBytes > 0 ? Double($0.peakResidentBytes) / 1e6 : nil }, format: Self.decimals(0))
            row("master PSS after the pings, all processes (MB)", { $0.proportionalBytes > 0 ? Double($0.proportionalBytes) / 1e6 : nil }, format: Self.decimals(0))
        }
        let brine = footprints.first { $0.system == .brine }
        let salt = footprints.first { $0.system == .salt }
        if brine != nil || salt != nil {
            let trip = (brine?.roundTripSeconds, salt?.roundTripSeconds)
            lines.append("| CLI round trip to one real minion, median of 20 (ms) | 1 | \(trip.0.map { Self.decimals(1)($0 * 1000) } ?? "—") | "
                + "\(trip.1.map { Self.decimals(1)($0 * 1000) } ?? "—") | \(Self.advantage(trip.0, trip.1, higherIsBetter: false)) |")
            let memory = (brine.map { Double($0.idleResidentBytes) / 1e6 }, salt.map { Double($0.idleResidentBytes) / 1e6 })
            lines.append("| idle minion RSS (MB) | 1 | \(memory.0.map(Self.decimals(1)) ?? "—") | \(memory.1.map(Self.decimals(1)) ?? "—") | "
                + "\(Self.advantage(memory.0, memory.1, higherIsBetter: false)) |")
        }
        let roundNotes = rounds.compactMap { round in round.note.map { "\(round.system.title), \(round.minions) minions: \($0)" } }
        return (lines + (roundNotes + notes).map { "\n- " + $0 }).joined(separator: "\n") + "\n"
    }

    /// The results as JSON: `machine`, `notes`, `rounds` (one object per system and size) and `minions`.
    public func json() -> String {
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "null" }
            return Self.decimals(3)(value)
        }
        let roundObjects = rounds.map { round in
            """
                {"system": \(JSONText.quoted(round.system.rawValue)), "minions": \(round.minions), \
            "authentication_s": \(number(round.authenticationSeconds)), "answered": \(round.answered), \
            "answer_s": \(number(round.answerSeconds)), "runs": [\(round.pings.map { "{\"s\": \(number($0.seconds)), \"answered\": \($0.answered)}" }.joined(separator: ", "))], \
            "complete": \(round.complete), \
            "returns_per_s": \(number(round.returnsPerSecond)), "ping_cpu_s": \(number(round.pingCPUSeconds)), \
            "authentication_cpu_s": \(number(round.authenticationCPUSeconds)), \
            "peak_rss_bytes": \(round.peakResidentBytes), "pss_bytes": \(round.proportionalBytes), \
            "note": \(round.note.map(JSONText.quoted) ?? "null")}
            """
        }
        let footprintObjects = footprints.map { footprint in
            """
                {"system": \(JSONText.quoted(footprint.system.rawValue)), "cli_round_trip_s": \(number(footprint.roundTripSeconds)), \
            "idle_rss_bytes": \(footprint.idleResidentBytes)}
            """
        }
        return """
            {
              "machine": \(JSONText.quoted(machine)),
              "notes": [\(notes.map(JSONText.quoted).joined(separator: ", "))],
              "rounds": [
            \(roundObjects.joined(separator: ",\n"))
              ],
              "minions": [
            \(footprintObjects.joined(separator: ",\n"))
              ]
            }

            """
    }

    /// The answers of each run (a run where not every minion answered ends the round).
    private func answers(_ round: SwarmRound?) -> String {
        guard let round, !round.pings.isEmpty else { return "—" }
        return round.pings.map { String($0.answered) }.joined(separator: ", ")
    }

    private func cell(_ round: SwarmRound?) -> String {
        guard let round else { return "not run" }
        return round.note == nil ? "—" : "failed"
    }

    private static func advantage(_ brine: Double?, _ salt: Double?, higherIsBetter: Bool) -> String {
        guard let brine, let salt, brine > 0, salt > 0 else { return "" }
        let ratio = higherIsBetter ? brine / salt : salt / brine
        return decimals(ratio >= 10 ? 0 : 1)(ratio) + "×"
    }

    private static func decimals(_ places: Int) -> (Double) -> String {
        { value in
            let scale = [1.0, 10, 100, 1000][min(max(places, 0), 3)]
            let scaled = Int((value * scale).rounded())
            guard places > 0 else { return String(scaled) }
            let fraction = String(abs(scaled) % Int(scale))
            return (value < 0 ? "-" : "") + "\(abs(scaled) / Int(scale))." + String(repeating: "0", count: places - fraction.count) + fraction
        }
    }
}
