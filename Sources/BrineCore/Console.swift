#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to stdout and stderr. Strict concurrency rejects the C `stdout`/`stderr`
/// globals, and unbuffered writes keep a CLI's output ordered when it exits early.
public enum Console {
    public static func out(_ text: String) {
        write(STDOUT_FILENO, text)
    }

    public static func error(_ text: String) {
        write(STDERR_FILENO, text)
    }

    public static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// All of `text` to a file descriptor, retried across interrupted and partial writes.
    public static func write(_ descriptor: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
