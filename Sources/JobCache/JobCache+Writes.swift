import GRDB
import MessagePack

/// Writes, in batches: the master's writer thread hands over everything queued since the last
/// batch, and it all goes in one transaction.
extension JobCache {
    public enum Write: Sendable {
        case job(JobRecord)
        case ret(ReturnRecord)
        /// The job was recorded, but not published, for this reason.
        case notSent(jid: String, reason: String)
        case minion(MinionRecord)
        case forgetMinion(String)
    }

    /// Applies writes in one transaction; for each, whether it changed the cache. A repeated return
    /// (a minion sending again what the master stored but could not acknowledge) changes nothing:
    /// (jid, minion) is the key. The jobs' return counters are updated once per job and batch, not
    /// once per return (a batch is mostly one job's returns).
    @discardableResult
    public func apply(_ writes: [Write]) throws -> [Bool] {
        try pool.write { db in
            var counters = ReturnCounters()
            let changed = try writes.map { write in
                switch write {
                case .job(let job):
                    // A job counts the returns already stored when it is inserted: settle those first.
                    try counters.flush(db)
                    return try insert(job, db)
                case .ret(let record):
                    guard try insert(record, db) else { return false }
                    counters.add(record)
                    return true
                case .minion(let minion):
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO minions (id, grains, pillar, last_seen) VALUES (?, ?, ?, ?)",
                        arguments: [minion.id, minion.grains.blob, minion.pillar.blob, minion.lastSeen])
                    return true
                case .forgetMinion(let id):
                    try db.execute(sql: "DELETE FROM minions WHERE id = ?", arguments: [id])
                    return db.changesCount > 0
                case .notSent(let jid, let reason):
                    try db.execute(sql: "UPDATE jobs SET not_sent = ? WHERE jid = ?", arguments: [reason, jid])
                    return db.changesCount > 0
                }
            }
            try counters.flush(db)
            return changed
        }
    }

    /// Returns stored in a batch, per job, for its `returned` and `failed` columns.
    private struct ReturnCounters {
        private var byJID: [String: (returned: Int, failed: Int)] = [:]

        mutating func add(_ record: ReturnRecord) {
            var counts = byJID[record.jid] ?? (0, 0)
            counts.returned += 1
            if !record.success { counts.failed += 1 }
            byJID[record.jid] = counts
        }

        mutating func flush(_ db: Database) throws {
            guard !byJID.isEmpty else { return }
            let update = try db.cachedStatement(sql: "UPDATE jobs SET returned = returned + ?, failed = failed + ? WHERE jid = ?")
            for (jid, counts) in byJID { try update.execute(arguments: [counts.returned, counts.failed, jid]) }
            byJID.removeAll()
        }
    }

    private func insert(_ job: JobRecord, _ db: Database) throws -> Bool {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO jobs (jid, fun, fun_value, arg, tgt, tgt_type, user, started_at, minion_count, metadata, returned, failed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        (SELECT count(*) FROM returns WHERE jid = ?),
                        (SELECT count(*) FROM returns WHERE jid = ? AND success = 0))
                """,
            arguments: [
                job.jid, job.function.stringValue ?? "multi", job.function.blob, job.arguments.blob, job.target.blob,
                job.targetType, job.user, job.startedAt, job.minions.count, job.metadata?.blob, job.jid, job.jid,
            ])
        guard db.changesCount > 0 else { return false }
        try db.execute(
            sql: "INSERT OR REPLACE INTO job_minions (jid, minions) VALUES (?, ?)",
            arguments: [job.jid, MessagePackValue.array(job.minions.map(MessagePackValue.text)).blob])
        return true
    }

    private func insert(_ record: ReturnRecord, _ db: Database) throws -> Bool {
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO returns (jid, minion, ret, retcode, success, out, returned_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        try insert.execute(arguments: [
            record.jid, record.minion, record.value.blob, record.retcode, record.success, record.outputter, record.returnedAt,
        ])
        return db.changesCount > 0
    }

    /// Removes jobs started before `cutoff` (seconds since the epoch) and their returns; returns how many jobs.
    @discardableResult
    public func purge(startedBefore cutoff: Double) throws -> Int {
        try pool.write { db in
            try db.execute(
                sql: "DELETE FROM returns WHERE jid IN (SELECT jid FROM jobs WHERE started_at < ?)", arguments: [cutoff])
            try db.execute(
                sql: "DELETE FROM job_minions WHERE jid IN (SELECT jid FROM jobs WHERE started_at < ?)", arguments: [cutoff])
            try db.execute(sql: "DELETE FROM jobs WHERE started_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}
