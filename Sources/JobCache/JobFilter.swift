public import MessagePack

/// The filters of `jobs.list_jobs` and `jobs.last_run`: Salt's, plus `status` and `limit`.
public struct JobFilter: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        /// Every expected minion returned.
        case complete
        /// Some expected minion has not returned.
        case incomplete
        /// Some minion returned a failure.
        case failed
    }

    /// Globs on the function name; a job matches if any matches.
    public var functions: [String] = []
    /// Globs on the target (each element of a list target); any match.
    public var targets: [String] = []
    /// Metadata key/value pairs; a job matches if any pair is in its metadata (Salt's rule).
    public var metadata: [MessagePackPair] = []
    public var startTime: Double?
    public var endTime: Double?
    public var status: Status?
    /// The newest `limit` jobs only.
    public var limit: Int?

    public init() {}
}
