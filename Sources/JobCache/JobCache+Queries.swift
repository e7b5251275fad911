import Foundation
import GRDB
import MessagePack
import PythonRules

/// Reads for the jobs runner and for the master's own bookkeeping.
extension JobCache {
    /// Jobs matching `filter`, oldest first (jids sort by time).
    public func jobs(_ filter: JobFilter = JobFilter()) throws -> [JobSummary] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let start = filter.startTime {
            clauses.append("started_at >= ?")
            _ = arguments.append(contentsOf: [start])
        }
        if let end = filter.endTime {
            clauses.append("started_at <= ?")
            _ = arguments.append(contentsOf: [end])
        }
        let listing = JobListing(filter)
        let functions = listing.sqlFunctions
        if !functions.isEmpty {
            clauses.append("(" + functions.map { _ in "fun GLOB ?" }.joined(separator: " OR ") + ")")
            _ = arguments.append(contentsOf: StatementArguments(functions.map(Self.sqlitePrefixGlob)))
        }
        if let status = listing.statusClause { clauses.append(status) }
        var sql = "SELECT jid, fun, fun_value, arg, tgt, tgt_type, user, started_at, metadata, minion_count, returned, failed FROM jobs"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " " + listing.sqlOrder
        if let limit = listing.sqlLimit { sql += " LIMIT \(limit)" }
        let summaries = try pool.read { db in
            var summaries: [JobSummary] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                if listing.functionsNeedSwift {
                    guard listing.keeps(function: row["fun"]) else { continue }
                }
                summaries.append(Self.summary(row))
            }
            return summaries
        }
        return listing.finish(summaries)
    }

    public func job(_ jid: String) throws -> JobSummary? {
        try pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT jobs.jid, fun, fun_value, arg, tgt, tgt_type, user, started_at, metadata, minion_count, returned, failed,
                       minions, not_sent
                FROM jobs LEFT JOIN job_minions USING (jid) WHERE jobs.jid = ?
                """, arguments: [jid]).map(Self.summary)
        }
    }

    /// The returns of one job, by minion id.
    public func returns(_ jid: String) throws -> [ReturnRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM returns WHERE jid = ? ORDER BY minion", arguments: [jid]).map { row in
                ReturnRecord(
                    jid: row["jid"], minion: row["minion"], value: row.packed(named: "ret") ?? .nil,
                    retcode: row["retcode"], success: row["success"], outputter: row["out"],
                    returnedAt: row["returned_at"])
            }
        }
    }

    public func minions() throws -> [MinionRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM minions").map { row in
                MinionRecord(
                    id: row["id"], grains: row.packed(named: "grains") ?? .nil, pillar: row.packed(named: "pillar") ?? .nil,
                    lastSeen: row["last_seen"])
            }
        }
    }

    /// Columns 0 to 11 as `jobs` selects them, then `minions` and `not_sent` as `job` does; by index,
    /// the msgpack decoded where SQLite holds it (`jobs.list_jobs` reads every job).
    private static func summary(_ row: Row) -> JobSummary {
        let minions = row.count > 12 ? row.packed(12)?.arrayValue?.compactMap(\.stringValue) ?? [] : []
        return JobSummary(
            job: JobRecord(
                jid: row[0], function: row.packed(2) ?? .nil, arguments: row.packed(3) ?? .nil, target: row.packed(4) ?? .nil,
                targetType: row[5], user: row[6], startedAt: row[7], minions: minions, metadata: row.packed(8)),
            expected: row[9], returned: row[10], failed: row[11], notSent: row.count > 13 ? row[13] : nil)
    }

    /// A SQLite GLOB selecting exactly the texts that start with the pattern's literal prefix, or that
    /// equal it for a literal pattern. `[` (from a set left unclosed) is the only character of such a
    /// prefix that GLOB reads as syntax, so it goes in a set of its own.
    static func sqlitePrefixGlob(_ glob: Glob) -> String {
        let prefix = glob.prefix.replacingOccurrences(of: "[", with: "[[]")
        return glob.isLiteral ? prefix : prefix + "*"
    }
}

extension JobCache {
    /// How many jobs and returns the cache holds.
    public func counts() throws -> (jobs: Int, returns: Int) {
        try pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM returns") ?? 0)
        }
    }
}
