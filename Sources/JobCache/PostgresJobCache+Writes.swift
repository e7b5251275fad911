import MessagePack
import PostgreSQL

/// Writes, in batches, as `JobCache` does: one transaction per batch; returns go in one INSERT of
/// arrays (`unnest`, 5,000 rows a statement, seven parameters whatever the count), and the jobs'
/// counters in one UPDATE per batch.
extension PostgresJobCache: JobCacheStore {
    /// Rows per INSERT.
    static let rowsPerInsert = 5_000

    @discardableResult
    public func apply(_ writes: [JobCache.Write]) throws -> [Bool] {
        try withConnection { db in
            try db.transaction {
                var changed = [Bool](repeating: false, count: writes.count)
                var returns: [(index: Int, record: ReturnRecord)] = []
                for (index, write) in writes.enumerated() {
                    if case .ret(let record) = write {
                        returns.append((index, record))
                        continue
                    }
                    // A job counts the returns already stored when it is inserted: store those first.
                    try insert(returns, db, into: &changed)
                    returns.removeAll()
                    changed[index] = try apply(write, db)
                }
                try insert(returns, db, into: &changed)
                return changed
            }
        }
    }

    private func apply(_ write: JobCache.Write, _ db: PostgresConnection) throws -> Bool {
        switch write {
        case .job(let job):
            // One statement for both tables: the expected minions go in only with a new job.
            return try db.query("""
                WITH job AS (
                    INSERT INTO jobs (jid, fun, fun_value, arg, tgt, tgt_type, "user", started_at, minion_count, metadata, returned, failed)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $11,
                            (SELECT count(*) FROM returns WHERE jid = $1),
                            (SELECT count(*) FROM returns WHERE jid = $1 AND NOT success))
                    ON CONFLICT DO NOTHING
                    RETURNING jid
                )
                INSERT INTO job_minions (jid, minions) SELECT jid, $9::bytea FROM job
                ON CONFLICT (jid) DO UPDATE SET minions = EXCLUDED.minions
                """, [
                    .text(job.jid), .text(job.function.stringValue ?? "multi"), job.function.bytes, job.arguments.bytes,
                    job.target.bytes, .text(job.targetType), .text(job.user), .double(job.startedAt),
                    MessagePackValue.array(job.minions.map(MessagePackValue.text)).bytes, .int(job.minions.count),
                    job.metadata?.bytes ?? .null,
                ]).affected > 0
        case .ret(let record):
            var changed = [false]
            try insert([(0, record)], db, into: &changed)
            return changed[0]
        case .minion(let minion):
            try db.query("""
                INSERT INTO minions (id, grains, pillar, last_seen) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET grains = EXCLUDED.grains, pillar = EXCLUDED.pillar, last_seen = EXCLUDED.last_seen
                """, [.text(minion.id), minion.grains.bytes, minion.pillar.bytes, .double(minion.lastSeen)])
            return true
        case .forgetMinion(let id):
            return try db.query("DELETE FROM minions WHERE id = $1", [.text(id)]).affected > 0
        case .notSent(let jid, let reason):
            return try db.query("UPDATE jobs SET not_sent = $1 WHERE jid = $2", [.text(reason), .text(jid)]).affected > 0
        }
    }

    /// Inserts returns, skipping those stored already, marks which were new (the first of repeats in
    /// one batch), and adds the new ones to their jobs' counters.
    private func insert(_ returns: [(index: Int, record: ReturnRecord)], _ db: PostgresConnection, into changed: inout [Bool]) throws {
        guard !returns.isEmpty else { return }
        var inserted = Set<ReturnKey>()
        var allNew = Set<Int>()
        var start = 0
        while start < returns.count {
            let chunk = returns[start..<min(start + Self.rowsPerInsert, returns.count)]
            start += chunk.count
            let records = chunk.map(\.record)
            let rows = try db.query("""
                INSERT INTO returns (jid, minion, ret, retcode, success, "out", returned_at)
                SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::int8[], $5::bool[], $6::text[], $7::float8[])
                ON CONFLICT DO NOTHING RETURNING jid, minion
                """, [
                    .textArray(records.map(\.jid)), .textArray(records.map(\.minion)),
                    .bytesArray(records.map { MessagePack.encode($0.value) }), .intArray(records.map(\.retcode)),
                    .boolArray(records.map(\.success)), .textArray(records.map(\.outputter)), .doubleArray(records.map(\.returnedAt)),
                ])
            // Every row new (the usual case): no key to read back. Otherwise the new ones are named.
            if rows.count == chunk.count {
                for (index, _) in chunk { allNew.insert(index) }
            } else {
                for row in 0..<rows.count {
                    inserted.insert(ReturnKey(jid: rows.string(row, 0) ?? "", minion: rows.string(row, 1) ?? ""))
                }
            }
        }
        var counters: [String: (returned: Int, failed: Int)] = [:]
        for (index, record) in returns {
            guard allNew.contains(index) || inserted.remove(ReturnKey(jid: record.jid, minion: record.minion)) != nil else { continue }
            changed[index] = true
            var counts = counters[record.jid] ?? (0, 0)
            counts.returned += 1
            if !record.success { counts.failed += 1 }
            counters[record.jid] = counts
        }
        guard !counters.isEmpty else { return }
        // One statement for every job of the batch, in jid order, so two masters updating the same jobs
        // lock them in the same order.
        let ordered = counters.sorted { $0.key < $1.key }
        try db.query("""
            UPDATE jobs SET returned = jobs.returned + c.returned, failed = jobs.failed + c.failed
            FROM unnest($1::text[], $2::int8[], $3::int8[]) AS c(jid, returned, failed)
            WHERE jobs.jid = c.jid
            """, [.textArray(ordered.map(\.key)), .intArray(ordered.map(\.value.returned)), .intArray(ordered.map(\.value.failed))])
    }

    @discardableResult
    public func purge(startedBefore cutoff: Double) throws -> Int {
        try withConnection { db in
            try db.transaction {
                try db.query(
                    "DELETE FROM returns WHERE jid IN (SELECT jid FROM jobs WHERE started_at < $1)", [.double(cutoff)])
                try db.query(
                    "DELETE FROM job_minions WHERE jid IN (SELECT jid FROM jobs WHERE started_at < $1)", [.double(cutoff)])
                return try db.query("DELETE FROM jobs WHERE started_at < $1", [.double(cutoff)]).affected
            }
        }
    }
}

private struct ReturnKey: Hashable {
    let jid: String
    let minion: String
}
