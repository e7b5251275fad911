public import BrineCore
import PostgreSQL
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL that `scripts/postgres start` runs for the tests (`scripts/test` starts it and exports
/// its `BRINE_POSTGRES_*` environment). Each test gets a database of its own, so tests share the server
/// but never each other's rows.
public enum TestPostgres {
    /// Why PostgreSQL tests are skipped when the environment names no server.
    public static let skipReason =
        "no PostgreSQL: BRINE_POSTGRES_* is not set (scripts/test starts one; by hand: eval \"$(scripts/postgres start)\")"

    /// The server of the environment (its `brine` database), or nil when there is none.
    public static var server: PostgresSettings? {
        guard let port = variable("PORT").flatMap(Int.init), let user = variable("USER") else { return nil }
        return PostgresSettings(
            host: variable("HOST") ?? "127.0.0.1", port: port, database: variable("DB") ?? "brine", user: user,
            password: variable("PASS"))
    }

    /// The directory of the server's Unix socket.
    public static var socketDirectory: String? { variable("SOCKET") }

    /// `scripts/postgres`'s directory for the cluster, for the tests that stop and resume the server.
    public static var clusterDirectory: String? { variable("DIR") }

    private static let made = Mutex(0)

    /// A new, empty database on the server, named after `name`, for one test.
    public static func freshDatabase(_ name: String) throws -> PostgresSettings? {
        guard var settings = server else { return nil }
        let number = made.withLock { count in
            count += 1
            return count
        }
        // PostgreSQL keeps 63 bytes of a name: the end of the test's name tells tests apart.
        let database = "brine_\(name.lowercased().filter { $0.isLetter || $0.isNumber }.suffix(32))_\(getpid())_\(number)"
        let connection = try PostgresConnection(parameters: settings.connectionParameters)
        try connection.execute("DROP DATABASE IF EXISTS \(database)")
        try connection.execute("CREATE DATABASE \(database)")
        settings.database = database
        return settings
    }

    /// The master config lines that put its job cache in `settings`'s database.
    public static func masterOptions(_ settings: PostgresSettings) -> String {
        """
        master_job_cache: postgres
        postgres.host: '\(settings.host)'
        postgres.port: \(settings.port)
        postgres.db: '\(settings.database)'
        postgres.user: '\(settings.user)'
        """ + (settings.password.map { "\npostgres.pass: '\($0)'" } ?? "")
    }

    /// Stops the server (`scripts/postgres halt`) or starts it again (`resume`).
    public static func cluster(_ command: String) throws {
        guard let directory = clusterDirectory else { throw ProcessRunner.Failure(description: skipReason) }
        let result = try ProcessRunner.run([PackageRoot.path + "/scripts/postgres", command, directory], mergeStderr: true)
        guard result.status == 0 else {
            throw ProcessRunner.Failure(description: "scripts/postgres \(command) failed (\(result.status)): \(result.stdout)")
        }
    }

    private static func variable(_ name: String) -> String? {
        getenv("BRINE_POSTGRES_" + name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
