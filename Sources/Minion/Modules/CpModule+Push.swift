import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// `cp.push`: a file of this minion to the master, in `file_buffer_size` chunks (`_file_recv`).
/// The master decides where it goes (under its cache, for this minion's session id) and refuses what
/// it must; this side refuses what Salt's minion refuses before sending.
extension CpModule {
    /// Bytes sent per request (Salt's minion `file_buffer_size`).
    static let pushChunkBytes = 262_144

    static func push(
        _ path: String, keepSymlinks: Bool, uploadPath: String?, removeSource: Bool, _ context: JobContext
    ) throws(ExecutionError) -> MessagePackValue {
        // As in Salt, a path that is not absolute, climbs, or is not a regular file answers False.
        guard path.hasPrefix("/"), !path.contains("../") else { return false }
        let source = keepSymlinks ? path : FileModule.resolved(path)
        var info = stat()
        guard stat(source, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        if let uploadPath, uploadPath.contains("../") { return false }
        let components = (uploadPath ?? path).split(separator: "/").map(String.init).filter { $0 != "." }
        guard !components.isEmpty, !components.contains("..") else { throw .invocation("cp.push: nothing to upload as '\(uploadPath ?? path)'") }
        let descriptor = open(source, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .commandFailed("cp.push: cannot open \(source): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let client = try FileClient.open(context)
        var chunk = [UInt8](repeating: 0, count: pushChunkBytes)
        var offset = 0
        var sent = false
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .commandFailed("cp.push: cannot read \(source): \(String(cString: strerror(errno)))") }
            if count == 0, sent { break }
            let answer = try client.ask([
                "cmd": "_file_recv", "path": .array(components.map(MessagePackValue.text)), "size": .int(Int64(info.st_size)),
                "loc": .int(Int64(offset)), "data": .binary(Array(chunk[0..<count])),
            ])
            // Salt's answer to a refusal (file_recv off, file_recv_max_size passed): False, with
            // the reason in the master's log.
            guard answer.boolValue == true else { return false }
            sent = true
            offset += count
            if count == 0 { break }
        }
        if removeSource, unlink(source) != 0 {
            throw .commandFailed("cp.push: \(path) was pushed but could not be removed: \(String(cString: strerror(errno)))")
        }
        return true
    }
}
