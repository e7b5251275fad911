/// A failed connection or statement, with the server's own message and SQLSTATE when it sent one.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// The server's (or libpq's) message, on one line.
    public let message: String
    /// The five-character SQLSTATE (`23505`, `08006`, ...), when the server sent one.
    public let sqlState: String?
    /// The connection is gone (the server stopped, the network failed): the statement may be tried
    /// again on a new connection once the server is back.
    public let connectionLost: Bool

    public init(message: String, sqlState: String? = nil, connectionLost: Bool = false) {
        self.message = message
        self.sqlState = sqlState
        self.connectionLost = connectionLost
    }

    public var description: String {
        "PostgreSQL: " + message + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
    }
}
