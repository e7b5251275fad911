/// How to reach the PostgreSQL of `master_job_cache: postgres`, with the option names of Salt's
/// PostgreSQL job caches (`postgres.host`, `postgres.port`, `postgres.db`, `postgres.user`,
/// `postgres.pass`).
public struct PostgresSettings: Sendable, Equatable {
    /// A host name or address, or (starting with `/`) the directory of the server's Unix socket, as in libpq.
    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    /// None: libpq's own means apply (`~/.pgpass`, peer authentication on a Unix socket).
    public var password: String?

    public init(host: String = "localhost", port: Int = 5432, database: String = "brine", user: String = "brine", password: String? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
    }

    init(_ reader: ConfigReader) throws {
        self.init()
        host = try reader.string("postgres.host", default: host)
        port = try reader.int("postgres.port", default: port)
        database = try reader.string("postgres.db", default: database)
        user = try reader.string("postgres.user", default: user)
        password = try reader.optionalString("postgres.pass")
    }

    /// libpq's connection keywords.
    public var connectionParameters: [(String, String)] {
        var parameters = [
            ("host", host), ("port", String(port)), ("dbname", database), ("user", user),
            ("application_name", "brine"), ("connect_timeout", "5"),
        ]
        if let password { parameters.append(("password", password)) }
        return parameters
    }

    /// For logs and errors: where, never the password.
    public var summary: String { "\(user)@\(host):\(port)/\(database)" }
}
