import Synchronization

/// Connections to one server, shared by threads: each statement (or transaction) takes one, which
/// goes back once done unless the server dropped it. A new connection is opened when none is idle, so
/// after the server comes back the next call simply connects again.
public final class PostgresPool: Sendable {
    private let parameters: [(String, String)]
    private let idle = Mutex<[PostgresConnection]>([])
    /// At most this many connections are kept idle; more are closed when given back.
    private let keepIdle: Int

    public init(parameters: [(String, String)], keepIdle: Int = 4) {
        self.parameters = parameters
        self.keepIdle = keepIdle
    }

    /// Closes the idle connections: after one was found dead (the server restarted), the others are too.
    public func discardIdle() {
        _ = idle.withLock { connections in
            defer { connections.removeAll() }
            return connections.count
        }
    }

    /// Runs `body` on a connection of its own.
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? PostgresConnection(parameters: parameters)
        defer {
            if connection.isUsable {
                idle.withLock { if $0.count < keepIdle { $0.append(connection) } }
            }
        }
        return try body(connection)
    }
}
