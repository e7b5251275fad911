import MessagePack
import PythonRules

/// How `jobs(filter)` splits a `JobFilter` between SQL and Swift, the same on both backends: SQL narrows
/// by time, status and the functions' literal prefixes (when every pattern has one) and returns the
/// rows in jid order (newest first for a limit); Swift then applies the patterns that are more than a
/// prefix, the targets and the metadata, with Python's rules, and the limit if SQL could not.
struct JobListing {
    let filter: JobFilter
    let functions: [Glob]
    private let targets: [Glob]
    /// Some function pattern is more than a literal or a prefix: each row's function is tried in Swift.
    let functionsNeedSwift: Bool
    private let needsSwiftFilter: Bool

    init(_ filter: JobFilter) {
        self.filter = filter
        functions = filter.functions.map(Glob.init)
        targets = filter.targets.map(Glob.init)
        functionsNeedSwift = !functions.allSatisfy { $0.isLiteral || $0.isPrefixMatch }
        needsSwiftFilter = functionsNeedSwift || !targets.isEmpty || !filter.metadata.isEmpty
    }

    /// The patterns SQL narrows by (literal, or a prefix then anything), or none when one has no prefix.
    var sqlFunctions: [Glob] {
        !functions.isEmpty && functions.allSatisfy({ $0.isLiteral || !$0.prefix.isEmpty }) ? functions : []
    }

    /// The status condition, in SQL both backends read alike.
    var statusClause: String? {
        switch filter.status {
        case .complete?: return "returned >= minion_count"
        case .incomplete?: return "returned < minion_count"
        case .failed?: return "failed > 0"
        case nil: return nil
        }
    }

    /// The LIMIT SQL may apply: none when Swift still filters.
    var sqlLimit: Int? { needsSwiftFilter ? nil : filter.limit.map { max(0, $0) } }

    /// Whether a row's function passes the patterns SQL could not apply.
    func keeps(function: String) -> Bool {
        !functionsNeedSwift || functions.contains { $0.matches(function) }
    }

    /// The order SQL returns the rows in: newest first when a limit keeps the newest, else oldest
    /// first, as the listing shows them (all 10,000 jobs of a cache are then never turned around).
    var sqlOrder: String { filter.limit == nil ? "ORDER BY jid" : "ORDER BY jid DESC" }

    /// The rows SQL returned in `sqlOrder`, filtered in Swift and limited: the listing, oldest first.
    func finish(_ rows: consuming [JobSummary]) -> [JobSummary] {
        var summaries = consume rows
        if needsSwiftFilter {
            summaries = summaries.filter { Self.matchesTarget($0.job, targets) && Self.matchesMetadata($0.job, filter.metadata) }
            if let limit = filter.limit { summaries = Array(summaries.prefix(max(0, limit))) }
        }
        if filter.limit != nil { summaries.reverse() }
        return summaries
    }

    private static func matchesTarget(_ job: JobRecord, _ patterns: [Glob]) -> Bool {
        guard !patterns.isEmpty else { return true }
        let targets = job.target.arrayValue?.compactMap(\.stringValue) ?? [job.target.stringValue ?? ""]
        return targets.contains { target in patterns.contains { $0.matches(target) } }
    }

    private static func matchesMetadata(_ job: JobRecord, _ wanted: [MessagePackPair]) -> Bool {
        guard !wanted.isEmpty else { return true }
        guard let metadata = job.metadata else { return false }
        return wanted.contains { pair in pair.key.stringValue.flatMap { metadata[$0] } == pair.value }
    }
}
