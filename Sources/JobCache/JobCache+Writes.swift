import GRDB
import MessagePack

/// Writes, in batches: the master's writer thread hands over everything queued since the last
/// batch, and it all goes in one transaction.
extension JobCache {
    public enum Write: Sendable {
        case job(JobRecord)
        case ret(ReturnRecord)
        case minion(MinionRecord)
        case forgetMinion(String)
    }

    /// Applies writes in one transaction. A repeated return (a minion retrying after a timeout) is
    /// ignored: (jid, minion) is the key.
    public func apply(_ writes: [Write]) throws {
        try pool.write { db in
            for write in writes {
                switch write {
                case .job(let job): try insert(job, db)
                case .ret(let record): try insert(record, db)
                case .minion(let minion):
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO minions (id, grains, last_seen) VALUES (?, ?, ?)",
                        arguments: [minion.id, minion.grains.blob, minion.lastSeen])
                case .forgetMinion(let id):
                    try db.execute(sql: "DELETE FROM minions WHERE id = ?", arguments: [id])
                }
            }
        }
    }

    private func insert(_ job: JobRecord, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO jobs (jid, fun, fun_value, arg, tgt, tgt_type, user, started_at, minions, minion_count, metadata, returned, failed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        (SELECT count(*) FROM returns WHERE jid = ?),
                        (SELECT count(*) FROM returns WHERE jid = ? AND success = 0))
                """,
            arguments: [
                job.jid, job.function.stringValue ?? "multi", job.function.blob, job.arguments.blob, job.target.blob,
                job.targetType, job.user, job.startedAt, MessagePackValue.array(job.minions.map(MessagePackValue.text)).blob,
                job.minions.count, job.metadata?.blob, job.jid, job.jid,
            ])
    }

    private func insert(_ record: ReturnRecord, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO returns (jid, minion, ret, retcode, success, out, returned_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                record.jid, record.minion, record.value.blob, record.retcode, record.success, record.outputter,
                record.returnedAt,
            ])
        guard db.changesCount > 0 else { return }
        try db.execute(
            sql: "UPDATE jobs SET returned = returned + 1, failed = failed + ? WHERE jid = ?",
            arguments: [record.success ? 0 : 1, record.jid])
    }

    /// Removes jobs started before `cutoff` (seconds since the epoch) and their returns; returns how many jobs.
    @discardableResult
    public func purge(startedBefore cutoff: Double) throws -> Int {
        try pool.write { db in
            try db.execute(
                sql: "DELETE FROM returns WHERE jid IN (SELECT jid FROM jobs WHERE started_at < ?)", arguments: [cutoff])
            try db.execute(sql: "DELETE FROM jobs WHERE started_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}
