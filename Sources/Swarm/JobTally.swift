/// One job as the swarm saw it: how many of its minions the target named, how many returns the master
/// acknowledged, and from the first publication received to the last acknowledgement (epoch seconds,
/// comparable between the swarm's processes). That span is the master's return throughput, measured
/// the same way whichever master it is.
public struct JobTally: Sendable, Equatable {
    public let jid: String
    public let function: String
    public var matched = 0
    public var acknowledged = 0
    public var abandoned = 0
    public var firstReceipt: Double
    public var lastAcknowledgement: Double?

    public init(jid: String, function: String, firstReceipt: Double) {
        self.jid = jid
        self.function = function
        self.firstReceipt = firstReceipt
    }

    /// Seconds from the first publication received to the last return acknowledged.
    public var span: Double? {
        lastAcknowledgement.map { max($0 - firstReceipt, 0) }
    }

    /// Acknowledged returns per second over `span`.
    public var returnsPerSecond: Double? {
        guard let span, span > 0 else { return nil }
        return Double(acknowledged) / span
    }

    /// The tally of the same job over several processes.
    public func merged(with other: JobTally) -> JobTally {
        var sum = self
        sum.matched += other.matched
        sum.acknowledged += other.acknowledged
        sum.abandoned += other.abandoned
        sum.firstReceipt = min(firstReceipt, other.firstReceipt)
        sum.lastAcknowledgement = [lastAcknowledgement, other.lastAcknowledgement].compactMap { $0 }.max()
        return sum
    }

    /// The line a worker process sends its supervisor: `job <jid> <fun> <matched> <acked> <abandoned> <first> <last|->`.
    var workerLine: String {
        "job \(jid) \(function.isEmpty ? "-" : function) \(matched) \(acknowledged) \(abandoned) \(firstReceipt) \(lastAcknowledgement.map { "\($0)" } ?? "-")"
    }

    init?(workerLine line: Substring) {
        let words = line.split(separator: " ")
        guard words.count == 8, words[0] == "job", let matched = Int(words[3]), let acknowledged = Int(words[4]),
              let abandoned = Int(words[5]), let first = Double(words[6])
        else { return nil }
        self.init(jid: String(words[1]), function: words[2] == "-" ? "" : String(words[2]), firstReceipt: first)
        self.matched = matched
        self.acknowledged = acknowledged
        self.abandoned = abandoned
        lastAcknowledgement = Double(words[7])
    }

    /// What the swarm prints, one line per job; `SwarmJobLine` reads it back.
    public var summary: String {
        let rate = returnsPerSecond.map { " (\(Int($0.rounded())) returns/s)" } ?? ""
        let span = span.map { String(format3: $0) } ?? "-"
        return "job \(jid) \(function.isEmpty ? "-" : function): \(acknowledged)/\(matched) returns acknowledged in \(span) s\(rate)"
    }
}

extension String {
    /// A number with three decimals, without Foundation.
    init(format3 value: Double) {
        let scaled = Int((value * 1000).rounded())
        let fraction = String(abs(scaled % 1000))
        self = (scaled < 0 && scaled > -1000 ? "-" : "") + "\(scaled / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
