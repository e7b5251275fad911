import GRDB

extension JobCache {
    /// The SQLite this process runs on (`3.40.1`), for `--versions-report`; nil if it cannot be asked.
    public static var sqliteVersion: String? {
        try? DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }
    }
}
