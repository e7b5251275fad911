public import BrineCore

/// The job cache as the master and the tools use it, whichever database holds it: `JobCache` (SQLite
/// in `cachedir`, one master) or `PostgresJobCache` (a PostgreSQL that several masters share). Both
/// keep the same tables (jobs, their expected minions, returns, minions) with the same versioned
/// migrations, so the writer, the runners and the minion registry work the same on either.
public protocol JobCacheStore: AnyObject, Sendable {
    /// Applies writes in one transaction, committed (on disk) when this returns; for each, whether it
    /// changed the cache (a return sent again does not).
    @discardableResult
    func apply(_ writes: [JobCache.Write]) throws -> [Bool]
    /// Removes jobs started before `cutoff` (seconds since the epoch) and their returns; how many jobs.
    @discardableResult
    func purge(startedBefore cutoff: Double) throws -> Int
    /// Jobs matching `filter`, oldest first.
    func jobs(_ filter: JobFilter) throws -> [JobSummary]
    func job(_ jid: String) throws -> JobSummary?
    /// The returns of one job, by minion id (in byte order).
    func returns(_ jid: String) throws -> [ReturnRecord]
    func minions() throws -> [MinionRecord]
    /// How many jobs and returns the cache holds.
    func counts() throws -> (jobs: Int, returns: Int)
}

extension JobCacheStore {
    /// Every job, oldest first.
    public func jobs() throws -> [JobSummary] { try jobs(JobFilter()) }
}

/// The database cannot be reached now (the server stopped, the network failed): nothing was written,
/// and the same writes may succeed later. The master's writer waits and tries again; what was not
/// written is not acknowledged, so minions send their returns again.
public struct JobCacheUnavailable: Error, CustomStringConvertible {
    public let description: String
}

extension JobCache: JobCacheStore {}

extension MasterConfig {
    /// Opens the configured job cache: for the master (created and migrated as needed), or for a tool
    /// (`brine-run`), which reads a cache the master made.
    public func openJobCache(forWriting: Bool) throws -> any JobCacheStore {
        switch masterJobCache {
        case .sqlite:
            let path = JobCache.path(cachedir: cachedir)
            return forWriting ? try JobCache(path: path) : try JobCache(readingAt: path)
        case .postgres:
            return try PostgresJobCache(settings: postgres, migrate: forWriting)
        }
    }
}
