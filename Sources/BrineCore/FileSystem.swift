import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The few file operations the daemons need, on plain POSIX calls so the minion need not link Foundation.
public enum FileSystem {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let operation: String
        public let code: Int32

        public init(path: String, operation: String, code: Int32) {
            self.path = path
            self.operation = operation
            self.code = code
        }

        public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `mkdir -p`; existing directories are fine.
    @discardableResult
    public static func makeDirectories(_ path: String, mode: UInt32 = 0o755) -> Bool {
        if isDirectory(path) { return true }
        let parentPath = parent(of: path)
        if parentPath != path && !isDirectory(parentPath) { makeDirectories(parentPath, mode: mode) }
        return mkdir(path, mode) == 0 || errno == EEXIST
    }

    /// A directory only its owner may enter (0700), with its parents made as `makeDirectories` does;
    /// an existing one that is looser is tightened. For the daemons' pki dir, cachedir and sock_dir:
    /// the job cache in cachedir holds every job's output.
    public static func makePrivateDirectory(_ path: String) throws(Failure) {
        let parentPath = parent(of: path)
        if parentPath != path && !isDirectory(parentPath) { makeDirectories(parentPath) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw Failure(path: path, operation: "mkdir", code: errno) }
        try tighten(path, to: 0o700)
    }

    /// Clears every mode bit of `path` outside `allowed` (0600 for a database, say); a missing file
    /// is left alone.
    public static func tighten(_ path: String, to allowed: UInt32) throws(Failure) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let mode = info.st_mode & 0o7777
        guard mode & ~allowed != 0 else { return }
        guard chmod(path, mode & allowed) == 0 else { throw Failure(path: path, operation: "chmod", code: errno) }
    }

    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = Glibc.read(descriptor, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, operation: "read", code: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    public static func readString(_ path: String) throws(Failure) -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// Numbers the temporary files of this process's writes, so two threads never share one.
    private static let writeCount = Atomic<Int>(0)

    /// The temporary file a write goes through: in the same directory (a rename stays on one file
    /// system), short (the final name may already take all of NAME_MAX's 255 bytes, as a 255-byte
    /// minion id does), and hidden, so that listings never show it (ids never start with a dot).
    static func temporaryPath(for path: String) -> String {
        let number = writeCount.add(1, ordering: .relaxed).newValue
        return parent(of: path) + "/.tmp-\(getpid())-\(number)"
    }

    /// Writes through a temporary file and a rename, so readers never see half a key or half a record.
    /// `durable` also flushes the file and then its directory to the disk, so the new content
    /// survives a power cut once the call returns (a crash of the process alone never loses it).
    public static func write(_ path: String, _ bytes: [UInt8], mode: UInt32 = 0o644, durable: Bool = false) throws(Failure) {
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(path: temporary, operation: "create", code: errno) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw Failure(path: path, operation: "write", code: code)
            }
            offset += written
        }
        fchmod(descriptor, mode)
        if durable && fdatasync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw Failure(path: path, operation: "fdatasync", code: code)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: path, operation: "rename", code: code)
        }
        if durable { try syncDirectory(parent(of: path)) }
    }

    /// Makes the names in a directory (a file just renamed or removed there) durable.
    public static func syncDirectory(_ path: String) throws(Failure) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(path: path, operation: "fsync", code: errno) }
    }

    public static func write(_ path: String, _ text: String, mode: UInt32 = 0o644) throws(Failure) {
        try write(path, Array(text.utf8), mode: mode)
    }

    @discardableResult
    public static func remove(_ path: String) -> Bool {
        unlink(path) == 0
    }

    public static func move(_ source: String, to destination: String) throws(Failure) {
        guard rename(source, destination) == 0 else { throw Failure(path: source, operation: "rename", code: errno) }
    }

    /// Names in a directory, without `.`, `..` and hidden files, sorted.
    public static func list(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    /// Seconds since the file was last modified, or nil if it does not exist.
    public static func age(_ path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec - info.st_mtim.tv_sec)
    }
}
