public import BrineCore
import PostgreSQL
public import SaltWire
import Synchronization

/// Minion key states in the PostgreSQL that masters share (`master_job_cache: postgres`), so a key
/// accepted, rejected or deleted on one master takes effect on all. The database holds the truth; each
/// master's pki dir (Salt's layout, which the master and `brine-key` read) is kept a copy of it:
/// every change a program makes through its `KeyStore` is published (the id's row, and the generation
/// counter), and each master checks the generation every second (`Maintenance`) and, when it moved,
/// makes its pki dir match the table. A counter polled beats LISTEN/NOTIFY here: a notification sent
/// while a master's connection is down is lost, a counter is not, and one tiny query a second is cheap.
public final class SharedKeys: Sendable {
    private let pool: PostgresPool
    private let settings: PostgresSettings
    /// The pki dir as this class writes it: without publishing what came from the database.
    private let local: KeyStore
    /// The generation the pki dir last matched, and the ids accepted then: a minion accepted at the last
    /// pull and not now lost its key, even if another program (`brine-key`) already removed its file.
    private let pulled = Mutex<(generation: Int?, accepted: [String: String])>((nil, [:]))
    private let report: @Sendable (String) -> Void

    /// `report` hears of a change that could not be published (the database is down, say).
    public init(settings: PostgresSettings, pkiDir: String, report: @escaping @Sendable (String) -> Void) throws {
        self.settings = settings
        pool = PostgresPool(parameters: settings.connectionParameters, keepIdle: 2)
        local = try KeyStore(pkiDir: pkiDir)
        self.report = report
    }

    /// The key store the program uses: the pki dir, each change published.
    public func keyStore() throws -> KeyStore {
        try KeyStore(pkiDir: local.pkiDir) { [self] change in
            do {
                try publish(change)
            } catch {
                report("the key change of \(change.id) did not reach the shared key store at \(settings.summary): \(error)")
            }
        }
    }

    /// Writes the id's new state (or removes its row), and moves the generation.
    public func publish(_ change: KeyChange) throws {
        let id = change.id
        try withConnection { db in
            try db.transaction {
                if let state = change.state, let pem = change.pem {
                    try db.query("""
                        INSERT INTO minion_keys (id, state, public_key, created_at, updated_at)
                        VALUES ($1, $2, $3, extract(epoch FROM now()), extract(epoch FROM now()))
                        ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, public_key = EXCLUDED.public_key,
                                                       updated_at = EXCLUDED.updated_at
                        """, [.text(id), .text(state.rawValue), .text(pem)])
                } else {
                    try db.query("DELETE FROM minion_keys WHERE id = $1", [.text(id)])
                }
                try db.query("UPDATE key_generation SET generation = generation + 1")
            }
        }
    }

    /// The first master on a new database brings its keys; later ones take the database's, so a key
    /// deleted meanwhile does not come back from a pki dir that still has it.
    public func seed() throws {
        let ids = KeyState.allCases.flatMap { local.ids($0) }
        let keys = try ids.compactMap { id -> (String, KeyState, String)? in
            guard let state = local.state(of: id), let pem = try local.storedPEM(id, state) else { return nil }
            return (id, state, pem)
        }
        try withConnection { db in
            try db.transaction {
                let generation = try db.query("SELECT generation FROM key_generation FOR UPDATE").int(0, 0) ?? 0
                guard generation == 0 else { return }
                for (id, state, pem) in keys {
                    try db.query("""
                        INSERT INTO minion_keys (id, state, public_key, created_at, updated_at)
                        VALUES ($1, $2, $3, extract(epoch FROM now()), extract(epoch FROM now())) ON CONFLICT DO NOTHING
                        """, [.text(id), .text(state.rawValue), .text(pem)])
                }
                try db.query("UPDATE key_generation SET generation = 1")
            }
        }
    }

    /// Makes the pki dir match the database if the generation moved since the last time; returns the
    /// ids that were accepted here and no longer are (deleted, rejected, or another key accepted), whose
    /// sessions the master must drop. Nil when nothing changed.
    public func pullIfChanged() throws -> [String]? {
        let (generation, rows) = try withConnection { db in
            try db.transaction { () throws -> (Int, PostgresRows?) in
                try db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                let generation = try db.query("SELECT generation FROM key_generation").int(0, 0) ?? 0
                guard generation != pulled.withLock({ $0.generation }) else { return (generation, nil) }
                return (generation, try db.query("SELECT id, state, public_key FROM minion_keys"))
            }
        }
        guard let rows else { return nil }
        var wanted: [String: (state: KeyState, pem: String)] = [:]
        for row in 0..<rows.count {
            guard let id = rows.string(row, 0), MinionID.isValid(id), let state = rows.string(row, 1).flatMap(KeyState.init(rawValue:)),
                  let pem = rows.string(row, 2)
            else { continue }
            wanted[id] = (state, KeyStore.clean(pem))
        }
        var wasAccepted = pulled.withLock { $0.accepted }
        let present = Set(KeyState.allCases.flatMap { local.ids($0) })
        for id in present.union(wanted.keys) {
            if let accepted = try local.storedPEM(id, .accepted) { wasAccepted[id] = accepted }
            if let (state, pem) = wanted[id] {
                for other in KeyState.allCases where other != state { FileSystem.remove(local.path(id, other)) }
                if try local.storedPEM(id, state) != pem { try local.store(id, pem: pem, in: state) }
            } else {
                local.delete(id)
            }
        }
        let accepted = wanted.compactMapValues { $0.state == .accepted ? $0.pem : nil }
        pulled.withLock { $0 = (generation, accepted) }
        return wasAccepted.filter { accepted[$0.key] != $0.value }.keys.sorted()
    }

    private func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        do {
            return try pool.withConnection(body)
        } catch let error as PostgresError where error.connectionLost {
            pool.discardIdle()
            throw JobCacheUnavailable(description: "the shared key store at \(settings.summary) cannot be reached: \(error.message)")
        } catch let error as PostgresError where error.sqlState == "42P01" {
            throw ConfigError("the shared key store at \(settings.summary) has no tables: has brine-master run with this config? (\(error.message))")
        }
    }
}

extension MasterConfig {
    /// The pki dir as the master and `brine-key` use it: on its own with SQLite; with PostgreSQL, a copy
    /// of the shared key states, brought up to date now, with every change published.
    public func openKeyStore(report: @escaping @Sendable (String) -> Void) throws -> (keys: KeyStore, shared: SharedKeys?) {
        guard masterJobCache == .postgres else { return (try KeyStore(pkiDir: pkiDir), nil) }
        let shared = try SharedKeys(settings: postgres, pkiDir: pkiDir, report: report)
        try shared.seed()
        _ = try shared.pullIfChanged()
        return (try shared.keyStore(), shared)
    }
}
