import MessagePack
import PostgreSQL
import PythonRules

/// Reads for the jobs runner and the master, as `JobCache` answers them.
extension PostgresJobCache {
    public func jobs(_ filter: JobFilter) throws -> [JobSummary] {
        var clauses: [String] = []
        var parameters: [PostgresValue] = []
        func parameter(_ value: PostgresValue) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        if let start = filter.startTime { clauses.append("started_at >= " + parameter(.double(start))) }
        if let end = filter.endTime { clauses.append("started_at <= " + parameter(.double(end))) }
        let listing = JobListing(filter)
        let functions = listing.sqlFunctions
        if !functions.isEmpty {
            let tests = functions.map { glob in
                glob.isLiteral ? "fun = " + parameter(.text(glob.prefix)) : "fun LIKE " + parameter(.text(Self.likePrefix(glob.prefix)))
            }
            clauses.append("(" + tests.joined(separator: " OR ") + ")")
        }
        if let status = listing.statusClause { clauses.append(status) }
        var sql = """
            SELECT jid, fun, fun_value, arg, tgt, tgt_type, "user", started_at, metadata, minion_count, returned, failed
            FROM jobs
            """
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " " + listing.sqlOrder
        if let limit = listing.sqlLimit { sql += " LIMIT \(limit)" }
        let query = sql
        let summaries = try withConnection(retry: true) { db in
            let rows = try db.query(query, parameters)
            var summaries: [JobSummary] = []
            summaries.reserveCapacity(rows.count)
            for row in 0..<rows.count {
                if listing.functionsNeedSwift {
                    guard listing.keeps(function: rows.string(row, 1) ?? "") else { continue }
                }
                summaries.append(Self.summary(rows, row, minions: nil, notSent: nil))
            }
            return summaries
        }
        return listing.finish(summaries)
    }

    public func job(_ jid: String) throws -> JobSummary? {
        try withConnection(retry: true) { db in
            let rows = try db.query("""
                SELECT jobs.jid, fun, fun_value, arg, tgt, tgt_type, "user", started_at, metadata, minion_count, returned, failed,
                       minions, not_sent
                FROM jobs LEFT JOIN job_minions USING (jid) WHERE jobs.jid = $1
                """, [.text(jid)])
            guard rows.count > 0 else { return nil }
            let minions = rows.packed(0, 12)?.arrayValue?.compactMap(\.stringValue) ?? []
            return Self.summary(rows, 0, minions: minions, notSent: rows.string(0, 13))
        }
    }

    public func returns(_ jid: String) throws -> [ReturnRecord] {
        try withConnection(retry: true) { db in
            let rows = try db.query(
                "SELECT jid, minion, ret, retcode, success, \"out\", returned_at FROM returns WHERE jid = $1 ORDER BY minion",
                [.text(jid)])
            return (0..<rows.count).map { row in
                ReturnRecord(
                    jid: rows.string(row, 0) ?? "", minion: rows.string(row, 1) ?? "", value: rows.packed(row, 2) ?? .nil,
                    retcode: rows.int(row, 3) ?? 0, success: rows.bool(row, 4) ?? false, outputter: rows.string(row, 5),
                    returnedAt: rows.double(row, 6) ?? 0)
            }
        }
    }

    public func minions() throws -> [MinionRecord] {
        try withConnection(retry: true) { db in
            let rows = try db.query("SELECT id, grains, pillar, last_seen FROM minions")
            return (0..<rows.count).map { row in
                MinionRecord(
                    id: rows.string(row, 0) ?? "", grains: rows.packed(row, 1) ?? .nil,
                    pillar: rows.packed(row, 2) ?? .nil, lastSeen: rows.double(row, 3) ?? 0)
            }
        }
    }

    public func counts() throws -> (jobs: Int, returns: Int) {
        try withConnection(retry: true) { db in
            let rows = try db.query("SELECT (SELECT count(*) FROM jobs), (SELECT count(*) FROM returns)")
            return (rows.int(0, 0) ?? 0, rows.int(0, 1) ?? 0)
        }
    }

    /// Columns 0 to 11 as `jobs` selects them.
    private static func summary(_ rows: PostgresRows, _ row: Int, minions: [String]?, notSent: String?) -> JobSummary {
        JobSummary(
            job: JobRecord(
                jid: rows.string(row, 0) ?? "", function: rows.packed(row, 2) ?? .nil,
                arguments: rows.packed(row, 3) ?? .nil, target: rows.packed(row, 4) ?? .nil,
                targetType: rows.string(row, 5) ?? "", user: rows.string(row, 6) ?? "", startedAt: rows.double(row, 7) ?? 0,
                minions: minions ?? [], metadata: rows.packed(row, 8)),
            expected: rows.int(row, 9) ?? 0, returned: rows.int(row, 10) ?? 0, failed: rows.int(row, 11) ?? 0, notSent: notSent)
    }

    /// A LIKE pattern for the texts starting with `prefix` (`\` escapes LIKE's own `%` and `_`).
    static func likePrefix(_ prefix: String) -> String {
        var pattern = ""
        for character in prefix {
            if character == "%" || character == "_" || character == "\\" { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern + "%"
    }
}
