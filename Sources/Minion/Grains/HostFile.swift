import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// Reading the host's own files and environment for grains, where a missing or unreadable file is
/// an answer ("not this kind of host"), not an error.
enum HostFile {
    /// The file's text; empty when it is missing or unreadable.
    static func read(_ path: String) -> String {
        readIfPresent(path) ?? ""
    }

    /// The file's text, or nil when it is missing or unreadable.
    static func readIfPresent(_ path: String) -> String? {
        try? FileSystem.readString(path)
    }

    static func bytes(_ path: String) -> [UInt8] {
        (try? FileSystem.read(path)) ?? []
    }

    static func exists(_ path: String) -> Bool {
        FileSystem.exists(path)
    }

    static func isDirectory(_ path: String) -> Bool {
        FileSystem.isDirectory(path)
    }

    /// A regular file this process may execute, as `which` requires.
    static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The text without leading and trailing whitespace, as Python's `str.strip()`.
    static func strip<Text: StringProtocol>(_ text: Text) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
