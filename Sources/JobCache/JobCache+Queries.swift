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
        // The expected-minion list is left out: a listing never shows it, and decoding it dominated.
        var sql = "SELECT jid, fun, fun_value, arg, tgt, tgt_type, user, started_at, metadata, minion_count, returned, failed FROM jobs"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY jid DESC"
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
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE jid = ?", arguments: [jid]).map(Self.summary)
        }
    }

    /// The returns of one job, by minion id.
    public func returns(_ jid: String) throws -> [ReturnRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM returns WHERE jid = ? ORDER BY minion", arguments: [jid]).map { row in
                ReturnRecord(
                    jid: row["jid"], minion: row["minion"], value: MessagePackValue(blob: row["ret"]),
                    retcode: row["retcode"], success: row["success"], outputter: row["out"],
                    returnedAt: row["returned_at"])
            }
        }
    }

    public func minions() throws -> [MinionRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM minions").map { row in
                MinionRecord(
                    id: row["id"], grains: MessagePackValue(blob: row["grains"]), pillar: MessagePackValue(blob: row["pillar"]),
                    lastSeen: row["last_seen"])
            }
        }
    }

    private static func summary(_ row: Row) -> JobSummary {
        let minions = row.hasColumn("minions") ? MessagePackValue(blob: row["minions"]).arrayValue?.compactMap(\.stringValue) ?? [] : []
        let metadata: MessagePackValue? = (row["metadata"] as Data?).map { MessagePackValue(blob: $0) }
        return JobSummary(
            job: JobRecord(
                jid: row["jid"], function: MessagePackValue(blob: row["fun_value"]), arguments: MessagePackValue(blob: row["arg"]),
                target: MessagePackValue(blob: row["tgt"]), targetType: row["tgt_type"], user: row["user"],
                startedAt: row["started_at"], minions: minions, metadata: metadata),
            expected: row["minion_count"], returned: row["returned"], failed: row["failed"],
            notSent: row.hasColumn("not_sent") ? row["not_sent"] : nil)
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
