internal import CLibPQ

/// The rows a statement returned, in binary format (no text to parse: integers and doubles as their
/// bytes, `bytea` as is), read by row and column index. Owns the libpq result, freed with it.
public final class PostgresRows {
    private let result: OpaquePointer
    /// Rows returned (or, for INSERT/UPDATE/DELETE without RETURNING, none).
    public let count: Int
    /// Rows the statement inserted, updated or deleted.
    public let affected: Int

    init(_ result: OpaquePointer) {
        self.result = result
        count = Int(PQntuples(result))
        affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    deinit { PQclear(result) }

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) != 0
    }

    /// A `text` column (or any whose binary form is its UTF-8 text, as `name`).
    public func string(_ row: Int, _ column: Int) -> String? {
        withValue(row, column) { String(decoding: $0, as: UTF8.self) }
    }

    /// An `int2`, `int4` or `int8` column.
    public func int(_ row: Int, _ column: Int) -> Int? {
        withValue(row, column) { bytes in
            guard [2, 4, 8].contains(bytes.count) else { return nil }
            let unsigned = Self.bigEndian(bytes)
            // Sign-extend from the column's width.
            let shift = UInt64(64 - bytes.count * 8)
            return Int(Int64(bitPattern: unsigned << shift) >> shift)
        } ?? nil
    }

    /// A `float8` column.
    public func double(_ row: Int, _ column: Int) -> Double? {
        withValue(row, column) { bytes in bytes.count == 8 ? Double(bitPattern: Self.bigEndian(bytes)) : nil } ?? nil
    }

    public func bool(_ row: Int, _ column: Int) -> Bool? {
        withValue(row, column) { $0.first.map { $0 != 0 } } ?? nil
    }

    /// A `bytea` column.
    public func bytes(_ row: Int, _ column: Int) -> [UInt8]? {
        withValue(row, column) { Array($0) }
    }

    /// A column's bytes where libpq holds them (valid only during `body`), or nil for NULL: for values
    /// decoded straight from the result rather than copied first. libpq gives a NULL as an empty
    /// value, so only an empty one is asked whether it is NULL.
    public func withValue<T>(_ row: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        let (row, column) = (Int32(row), Int32(column))
        guard let value = PQgetvalue(result, row, column) else { return nil }
        let length = Int(PQgetlength(result, row, column))
        if length == 0, PQgetisnull(result, row, column) != 0 { return nil }
        return body(UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: length))
    }

    private static func bigEndian(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
