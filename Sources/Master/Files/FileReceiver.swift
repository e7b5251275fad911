import BrineCore
import Logging
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// Salt's `_file_recv`, the master's end of `cp.push`: only with `file_recv: True`, each file at most
/// `file_recv_max_size` MB, written under `cachedir/minions/<id>/files/` for the id of the session
/// that sent it (never an id in the load). The path is checked component by component: nothing
/// absolute, no `..`, and no symlink on the way (one planted there could lead the write out of the
/// cache: the CVE-2020-11652 class). Every refusal is logged and answered `False`.
struct FileReceiver: Sendable {
    static let command = "_file_recv"

    let enabled: Bool
    let maxBytes: Int
    let cachedir: String
    let logger: Logger

    init(config: MasterConfig, logger: Logger) {
        self.init(enabled: config.fileRecv, maxMegabytes: config.fileRecvMaxSize, cachedir: config.cachedir, logger: logger)
    }

    init(enabled: Bool, maxMegabytes: Int, cachedir: String, logger: Logger) {
        self.enabled = enabled
        maxBytes = maxMegabytes << 20
        self.cachedir = cachedir
        self.logger = logger
    }

    func receive(_ load: MessagePackValue, from id: String) -> MessagePackValue {
        do {
            try write(load, from: id)
            return true
        } catch {
            logger.error("cp.push from minion \(id) refused: \(error)")
            return false
        }
    }

    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    private func write(_ load: MessagePackValue, from id: String) throws {
        guard enabled else { throw Refusal(description: "file_recv is False on this master") }
        guard let parts = load["path"]?.arrayValue, parts.allSatisfy({ $0.stringValue != nil }) else {
            throw Refusal(description: "the load has no path list")
        }
        let components = try RelativePath.components(parts.compactMap(\.stringValue).joined(separator: "/"))
        guard let offset = load["loc"]?.intValue, offset >= 0 else { throw Refusal(description: "invalid file pointer (loc)") }
        guard let data = load["data"]?.bytesValue else { throw Refusal(description: "the load has no data") }
        // Compared without adding, so no `loc` near Int64.max can overflow and stop the master.
        guard data.count <= maxBytes, offset <= maxBytes - data.count else {
            throw Refusal(description: "\(components.joined(separator: "/")) exceeds file_recv_max_size (\(maxBytes >> 20) MB)")
        }
        var directory = cachedir
        for part in ["minions", id, "files"] + components.dropLast() {
            directory += "/" + part
            try enter(directory)
        }
        let path = directory + "/" + components[components.count - 1]
        let flags = O_WRONLY | O_CLOEXEC | O_NOFOLLOW | (offset == 0 ? O_CREAT | O_TRUNC : 0)
        let descriptor = open(path, flags, 0o600)
        guard descriptor >= 0 else {
            throw Refusal(description: errno == ELOOP ? "\(path) is a symlink" : "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw Refusal(description: "\(path) is not a regular file") }
        var written = 0
        while written < data.count {
            let count = data[written...].withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset + written)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw Refusal(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
            written += count
        }
    }

    /// Makes `directory` (0700) unless it is there; a symlink or a file in its place is refused.
    private func enter(_ directory: String) throws {
        var info = stat()
        if lstat(directory, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw Refusal(description: "\(directory) is \(info.st_mode & S_IFMT == S_IFLNK ? "a symlink" : "not a directory")")
            }
            return
        }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            throw Refusal(description: "cannot make \(directory): \(String(cString: strerror(errno)))")
        }
    }
}
