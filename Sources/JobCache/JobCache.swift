import BrineCore
import Foundation
import GRDB
import MessagePack

/// The master's job cache: every job and every return in one SQLite database (WAL) in `cachedir`,
/// indexed for the jobs runner. Salt keeps one file per return and scans them all per query; this
/// answers `jobs.list_jobs` and `jobs.lookup_jid` from indexes. One writer (the master's
/// `JobCacheWriter`) and any number of readers (the master, `brine-run`) share it.
public final class JobCache: Sendable {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating and migrating) the cache for writing, as the master does.
    public init(path: String) throws {
        self.path = path
        FileSystem.makeDirectories(FileSystem.parent(of: path), mode: 0o700)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // Every commit reaches the disk before the master acknowledges what it holds (a return to
            // its minion, a job to its tool): WAL with FULL syncs the log at each commit, and the
            // writer's group commit keeps that to a few syncs per burst.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// Opens an existing cache read-only, as `brine-run` does, so queries work while the master writes
    /// (and when it is down).
    public init(readingAt path: String) throws {
        self.path = path
        guard FileSystem.exists(path) else {
            throw ConfigError("no job cache at \(path): has brine-master run with this config?")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    /// The database file inside a master's `cachedir`.
    public static func path(cachedir: String) -> String {
        cachedir + "/jobs.sqlite"
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    jid TEXT PRIMARY KEY NOT NULL,
                    fun TEXT NOT NULL,
                    fun_value BLOB NOT NULL,
                    arg BLOB NOT NULL,
                    tgt BLOB NOT NULL,
                    tgt_type TEXT NOT NULL,
                    user TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    minions BLOB NOT NULL,
                    minion_count INTEGER NOT NULL,
                    metadata BLOB,
                    returned INTEGER NOT NULL DEFAULT 0,
                    failed INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX jobs_started_at ON jobs(started_at);
                CREATE INDEX jobs_fun ON jobs(fun, started_at);
                CREATE TABLE returns (
                    jid TEXT NOT NULL,
                    minion TEXT NOT NULL,
                    ret BLOB NOT NULL,
                    retcode INTEGER NOT NULL,
                    success INTEGER NOT NULL,
                    out TEXT,
                    returned_at REAL NOT NULL,
                    PRIMARY KEY (jid, minion)
                ) WITHOUT ROWID;
                CREATE TABLE minions (
                    id TEXT PRIMARY KEY NOT NULL,
                    grains BLOB NOT NULL,
                    last_seen REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2: jobs not sent") { db in
            // Why a recorded job never reached the publish port (its server was down, say); NULL for
            // a job that was published or whose fate the master did not learn.
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN not_sent TEXT")
        }
        migrator.registerMigration("v3: minion pillar") { db in
            // The pillar last compiled for each minion, msgpack, for pillar targets after a restart.
            try db.execute(sql: "ALTER TABLE minions ADD COLUMN pillar BLOB")
        }
        migrator.registerMigration("v5: expected minions apart") { db in
            // A listing reads every job's row: the expected minions (the widest column by far) live
            // apart, read only by a lookup of one job.
            try db.execute(sql: """
                CREATE TABLE job_minions (
                    jid TEXT PRIMARY KEY NOT NULL,
                    minions BLOB NOT NULL
                );
                INSERT INTO job_minions SELECT jid, minions FROM jobs;
                ALTER TABLE jobs DROP COLUMN minions;
                """)
        }
        return migrator
    }
}

extension MessagePackValue {
    /// msgpack bytes for a BLOB column.
    var blob: Data { Data(MessagePack.encode(self)) }

    /// The value a BLOB column's msgpack holds, `.nil` for bytes that are not msgpack.
    init(packed data: Data) {
        self = data.withUnsafeBytes { (try? MessagePack.decode($0.bindMemory(to: UInt8.self))) ?? .nil }
    }
}

extension Row {
    /// A msgpack BLOB column, decoded where SQLite holds it (no copy of the bytes first); nil for NULL,
    /// `.nil` for bytes that are not msgpack.
    func packed(_ index: Int) -> MessagePackValue? {
        (try? withUnsafeData(atIndex: index) { $0.map(MessagePackValue.init(packed:)) }) ?? nil
    }

    func packed(named column: String) -> MessagePackValue? {
        (try? withUnsafeData(named: column) { $0.map(MessagePackValue.init(packed:)) }) ?? nil
    }
}
