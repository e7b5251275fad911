import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// `--out-file`: where the tools print instead of stdout. As in Salt, the file is emptied once when the
/// tool starts (kept with `--out-file-append`) and each print is added to its end.
public struct OutputFile: Sendable {
    public let path: String

    /// Empties the file unless `append`; throws when it cannot be written.
    public init(_ path: String, append: Bool) throws {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? 0 : O_TRUNC), 0o644)
        guard descriptor >= 0 else {
            throw ProcessRunner.Failure(description: "\(path): Access denied: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }

    public func add(_ text: String) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        Console.write(descriptor, text)
    }
}
