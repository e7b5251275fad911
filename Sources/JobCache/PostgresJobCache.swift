public import BrineCore
import MessagePack
import PostgreSQL

/// The job cache in PostgreSQL, for masters that share one database: the same tables and concepts as
/// the SQLite `JobCache` (jobs, their expected minions apart, returns keyed by jid and minion, minions
/// with their grains), with migrations of the same names. Text keys use the "C" collation, so listings
/// sort as in SQLite (by bytes), and every commit waits for the server's disk (`synchronous_commit` on).
public final class PostgresJobCache: Sendable {
    let pool: PostgresPool
    public let settings: PostgresSettings

    /// Connects; `migrate` (the master) creates or upgrades the tables, a tool only reads.
    public init(settings: PostgresSettings, migrate: Bool) throws {
        self.settings = settings
        pool = PostgresPool(parameters: settings.connectionParameters)
        if migrate { try self.migrate() }
    }

    /// Applied in order, each once, recorded in `brine_migrations`. A new column is one more entry here
    /// and one in `JobCache.migrator`, under the same name.
    static let migrations: [(name: String, sql: String)] = [
        ("v1", """
            CREATE TABLE jobs (
                jid text COLLATE "C" PRIMARY KEY,
                fun text COLLATE "C" NOT NULL,
                fun_value bytea NOT NULL,
                arg bytea NOT NULL,
                tgt bytea NOT NULL,
                tgt_type text NOT NULL,
                "user" text NOT NULL,
                started_at double precision NOT NULL,
                minions bytea NOT NULL,
                minion_count integer NOT NULL,
                metadata bytea,
                returned integer NOT NULL DEFAULT 0,
                failed integer NOT NULL DEFAULT 0
            );
            CREATE INDEX jobs_started_at ON jobs (started_at);
            CREATE INDEX jobs_fun ON jobs (fun, started_at);
            CREATE TABLE returns (
                jid text COLLATE "C" NOT NULL,
                minion text COLLATE "C" NOT NULL,
                ret bytea NOT NULL,
                retcode bigint NOT NULL,
                success boolean NOT NULL,
                "out" text,
                returned_at double precision NOT NULL,
                PRIMARY KEY (jid, minion)
            );
            CREATE TABLE minions (
                id text COLLATE "C" PRIMARY KEY,
                grains bytea NOT NULL,
                last_seen double precision NOT NULL
            );
            """),
        ("v2: jobs not sent", "ALTER TABLE jobs ADD COLUMN not_sent text"),
        ("v3: minion pillar", "ALTER TABLE minions ADD COLUMN pillar bytea"),
        // PostgreSQL only: masters sharing the database share key states (`SharedKeys`); with SQLite
        // the pki dir alone holds them.
        ("v4: shared keys", """
            CREATE TABLE minion_keys (
                id text COLLATE "C" PRIMARY KEY,
                state text NOT NULL,
                public_key text NOT NULL,
                created_at double precision NOT NULL,
                updated_at double precision NOT NULL
            );
            CREATE TABLE key_generation (generation bigint NOT NULL);
            INSERT INTO key_generation VALUES (0);
            """),
        // A listing reads every job's row: without the expected minions (the widest column by far, a
        // kilobyte for 100 minions) the rows of 10,000 jobs are a tenth of the pages a new connection
        // must read, and the counters' updates rewrite less.
        ("v5: expected minions apart", """
            CREATE TABLE job_minions (
                jid text COLLATE "C" PRIMARY KEY,
                minions bytea NOT NULL
            );
            INSERT INTO job_minions SELECT jid, minions FROM jobs;
            ALTER TABLE jobs DROP COLUMN minions;
            """),
    ]

    /// Runs the migrations not yet applied, under a lock, so masters starting together do not race.
    private func migrate() throws {
        try withConnection { db in
            try db.transaction {
                try db.query("SELECT pg_advisory_xact_lock(7411905)")
                try db.execute("""
                    CREATE TABLE IF NOT EXISTS brine_migrations (
                        name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                    """)
                let rows = try db.query("SELECT name FROM brine_migrations")
                let applied = Set((0..<rows.count).compactMap { rows.string($0, 0) })
                for migration in Self.migrations where !applied.contains(migration.name) {
                    try db.execute(migration.sql)
                    try db.query("INSERT INTO brine_migrations (name) VALUES ($1)", [.text(migration.name)])
                }
            }
        }
    }

    /// Runs `body` on a pooled connection. A lost connection becomes `JobCacheUnavailable`; a read
    /// (`retry`) is tried once more on a new connection first, as pooled connections do not notice a
    /// server restart until they are used.
    func withConnection<T>(retry: Bool = false, _ body: (PostgresConnection) throws -> T) throws -> T {
        do {
            return try pool.withConnection(body)
        } catch let error as PostgresError where error.connectionLost {
            pool.discardIdle()
            if retry, let value = try? pool.withConnection(body) { return value }
            throw JobCacheUnavailable(description: "the job cache at \(settings.summary) cannot be reached: \(error.message)")
        } catch let error as PostgresError where error.sqlState == "42P01" {
            throw ConfigError("the job cache at \(settings.summary) has no tables: has brine-master run with this config? (\(error.message))")
        }
    }
}

extension MessagePackValue {
    /// msgpack bytes for a `bytea` column.
    var bytes: PostgresValue { .bytes(MessagePack.encode(self)) }
}

extension PostgresRows {
    /// A msgpack `bytea` column, decoded where libpq holds it (no copy of the bytes first); nil for
    /// NULL, `.nil` for bytes that are not msgpack.
    func packed(_ row: Int, _ column: Int) -> MessagePackValue? {
        withValue(row, column) { (try? MessagePack.decode($0)) ?? .nil }
    }
}
