/// A path that must stay below a directory: a file server path (`salt://path`), a pushed file's
/// path, a file in a cache. Both the master and the minion read such paths from the other side, so
/// each checks them itself (the CVE-2020-11652 class): absolute paths and `..` are refused, never
/// normalised away.
public enum RelativePath {
    /// Why a path was refused, in words for the log and the caller.
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "refused path '\(path)': \(reason)" }
    }

    /// The path's components without `.` and empty ones; refused when absolute, when a component is
    /// `..`, when it holds a NUL, or when nothing is left.
    public static func components(_ path: String) throws(Refusal) -> [String] {
        guard !path.hasPrefix("/") else { throw Refusal(path: path, reason: "it is absolute") }
        guard !path.contains("\0") else { throw Refusal(path: path, reason: "it holds a NUL byte") }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        guard !parts.contains("..") else { throw Refusal(path: path, reason: "it climbs out with '..'") }
        guard !parts.isEmpty else { throw Refusal(path: path, reason: "it names no file") }
        return parts
    }

    /// The path cleaned of `.` and doubled slashes (see `components`).
    public static func clean(_ path: String) throws(Refusal) -> String {
        try components(path).joined(separator: "/")
    }

    /// Whether `path` (already resolved, without symlinks) is `directory` or lies below it.
    public static func isWithin(_ path: String, _ directory: String) -> Bool {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return path == base || path.hasPrefix(base + "/") || base.isEmpty
    }
}
