#if canImport(Glibc)
import Glibc
#endif

internal import CLibPQ

/// One connection to a PostgreSQL server through libpq, synchronous: a statement blocks its thread
/// until the server answers, which fits Brine's threads (one job cache writer, readers of their own).
/// libpq allows a connection to move between threads as long as one thread uses it at a time, which
/// `PostgresPool` ensures; hence `@unchecked Sendable`.
public final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer

    /// Connects with libpq's keywords (`host`, `port`, `dbname`, `user`, `password`, ...); a `host`
    /// starting with `/` is the directory of the server's Unix socket. Every commit waits for the
    /// server's disk: `synchronous_commit` is set on, whatever the server's default.
    public init(parameters: [(String, String)]) throws(PostgresError) {
        let all = parameters.filter { $0.0 != "options" } + [("options", "-c synchronous_commit=on")]
        let keywords = all.map { strdup($0.0) } + [nil]
        let values = all.map { strdup($0.1) } + [nil]
        defer { for pointer in keywords + values { free(pointer) } }
        let connection = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordPointers in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valuePointers in
                PQconnectdbParams(keywordPointers.baseAddress, valuePointers.baseAddress, 0)
            }
        }
        guard let connection else { throw PostgresError(message: "out of memory", connectionLost: true) }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.oneLine(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw PostgresError(message: message, connectionLost: true)
        }
        handle = connection
        // The server's notices ("relation already exists, skipping") are not errors: not printed.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// False once the server went away; such a connection is thrown away, not reused.
    public var isUsable: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one statement with `$1`, `$2`, ... parameters and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> PostgresRows {
        let wires = parameters.map(\.wire)
        // All values in one buffer, each text value NUL-terminated, then pointers into it.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(wires.reduce(0) { $0 + ($1?.bytes.count ?? 0) + 1 })
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for wire in wires {
            guard let wire else {
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
                continue
            }
            offsets.append(buffer.count)
            buffer += wire.bytes
            buffer.append(0)
            lengths.append(Int32(wire.bytes.count))
            formats.append(wire.binary ? 1 : 0)
        }
        let result = buffer.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset.flatMap { base?.advanced(by: $0).assumingMemoryBound(to: CChar.self) }
            }
            return PQexecParams(handle, sql, Int32(parameters.count), nil, values, lengths, formats, 1)
        }
        return try check(result)
    }

    /// Runs statements without parameters (several, separated by `;`): schema changes, `BEGIN`.
    public func execute(_ sql: String) throws(PostgresError) {
        _ = try check(PQexec(handle, sql))
    }

    /// Runs `body` in a transaction, committed when it returns and rolled back when it throws. The
    /// commit returns once the server has it on disk (`synchronous_commit` is on for every connection).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isUsable { try? execute("ROLLBACK") }
            throw error
        }
    }

    private func check(_ result: OpaquePointer?) throws(PostgresError) -> PostgresRows {
        guard let result else {
            throw PostgresError(message: Self.oneLine(String(cString: PQerrorMessage(handle))), connectionLost: !isUsable)
        }
        let rows = PostgresRows(result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return rows
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = String(cString: PQresultErrorMessage(result))
            // Class 08 is a connection exception; 57P01..57P03: the server is shutting down or starting.
            let lost = !isUsable || state?.hasPrefix("08") == true || state?.hasPrefix("57P") == true
            throw PostgresError(message: Self.oneLine(message), sqlState: state, connectionLost: lost)
        }
    }

    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingPrefix(while: \.isWhitespace) }.joined(separator: " ")
    }
}
