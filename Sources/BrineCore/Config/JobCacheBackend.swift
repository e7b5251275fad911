/// Where the master keeps jobs, returns and minion data (`master_job_cache`): the embedded SQLite
/// database in `cachedir` (the default; Salt's `local_cache` means the same), or a PostgreSQL database
/// that several masters share, together with the key states.
public enum JobCacheBackend: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    init(option: String, file: String) throws {
        switch option {
        case "sqlite", "local_cache": self = .sqlite
        case "postgres": self = .postgres
        default:
            throw ConfigError("\(file): master_job_cache must be sqlite or postgres, got \(option)")
        }
    }
}
