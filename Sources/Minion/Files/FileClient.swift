import BrineCore
import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// The minion's side of the file server, for one job: asks the master (Salt's `_file_list`,
/// `_file_hash`, `_serve_file`, `_file_recv`) over a conversation of the job's own, and keeps what it
/// fetched in `cachedir/files/<saltenv>/<path>`, where a file whose hash matches the master's is not
/// fetched again. Paths from either side are checked here too: nothing absolute, no `..`, nothing that
/// lands outside the cache.
struct FileClient {
    let conversation: MasterChannel.Conversation
    let config: MinionConfig

    /// A client for the calling job; fails clearly where there is no master (`brine-call`).
    static func open(_ context: JobContext) throws(ExecutionError) -> FileClient {
        guard let master = context.master else {
            throw .commandFailed("the file server needs a master; this call runs without one")
        }
        do {
            return FileClient(conversation: try master.conversation(), config: context.config)
        } catch {
            throw .commandFailed("cannot reach the master's file server: \(error)")
        }
    }

    func ask(_ load: MessagePackValue) throws(ExecutionError) -> MessagePackValue {
        do {
            return try conversation.send(load)
        } catch {
            throw .commandFailed("the master's file server did not answer: \(error)")
        }
    }

    /// The master's listing `command` (`_file_list`, `_dir_list`, `_file_list_emptydirs`).
    func list(_ command: String, saltenv: String, prefix: String) throws(ExecutionError) -> [String] {
        let answer = try ask(["cmd": .text(command), "saltenv": .text(saltenv), "prefix": .text(prefix)])
        return (answer.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// The master's `{"hsum", "hash_type"}` for a file, nil when it has no such file.
    func hash(_ path: String, saltenv: String) throws(ExecutionError) -> (sum: String, type: String)? {
        let answer = try ask(["cmd": "_file_hash", "path": .text(try Self.relative(path)), "saltenv": .text(saltenv)])
        guard let sum = answer.string("hsum") else { return nil }
        return (sum, answer.string("hash_type") ?? config.hashType)
    }

    /// Where the cache keeps `path` of `saltenv`.
    func cachePath(_ path: String, saltenv: String) throws(ExecutionError) -> String {
        guard !saltenv.isEmpty, !saltenv.contains("/"), saltenv != "..", saltenv != "." else {
            throw .invocation("invalid saltenv '\(saltenv)'")
        }
        return config.cachedir + "/files/" + saltenv + "/" + (try Self.relative(path))
    }

    /// Fetches `path` into the cache unless the cached copy already has the master's hash; the cached
    /// path, or nil when the master has no such file.
    func cache(_ path: String, saltenv: String) throws(ExecutionError) -> String? {
        guard let remote = try hash(path, saltenv: saltenv) else { return nil }
        let local = try cachePath(path, saltenv: saltenv)
        if DigestStream.hexDigest(ofFile: local, algorithm: remote.type) == remote.sum { return local }
        try makeDirectories(FileSystem.parent(of: local), below: config.cachedir)
        try fetch(path, saltenv: saltenv, to: local)
        guard DigestStream.hexDigest(ofFile: local, algorithm: remote.type) == remote.sum else {
            FileSystem.remove(local)
            throw .commandFailed("salt://\(path) changed on the master while it was fetched; try again")
        }
        return local
    }

    /// Copies `path` chunk by chunk (`_serve_file`) into `destination`, through a temporary file
    /// renamed at the end, so a reader never sees half a file.
    func fetch(_ path: String, saltenv: String, to destination: String) throws(ExecutionError) {
        let relative = try Self.relative(path)
        let temporary = FileSystem.parent(of: destination) + "/.brine-fetch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .commandFailed("cannot write \(destination): \(String(cString: strerror(errno)))") }
        var offset = 0
        do throws(ExecutionError) {
            while true {
                let answer = try ask(["cmd": "_serve_file", "path": .text(relative), "saltenv": .text(saltenv), "loc": .int(Int64(offset))])
                guard let data = answer["data"]?.bytesValue, !data.isEmpty else { break }
                guard answer["gzip"] == nil || answer["gzip"]?.isNil == true else {
                    throw .commandFailed("the master sent salt://\(relative) gzip-compressed, which this minion did not ask for")
                }
                var written = 0
                while written < data.count {
                    let count = data[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { throw .commandFailed("cannot write \(destination): \(String(cString: strerror(errno)))") }
                    written += count
                }
                offset += data.count
            }
            close(descriptor)
            do {
                try FileSystem.move(temporary, to: destination)
            } catch {
                throw .commandFailed("cannot write \(destination): \(error)")
            }
        } catch {
            close(descriptor)
            FileSystem.remove(temporary)
            throw error
        }
    }

    /// Makes `directory` and its parents, refusing a symlink on the way below `base` (the cache is
    /// the minion's own: nothing in it may point elsewhere).
    func makeDirectories(_ directory: String, below base: String) throws(ExecutionError) {
        guard RelativePath.isWithin(directory, base) else { throw .commandFailed("\(directory) is outside \(base)") }
        _ = FileSystem.makeDirectories(base, mode: 0o700)
        var current = base
        for part in directory.dropFirst(base.count).split(separator: "/") {
            current += "/" + part
            var info = stat()
            if lstat(current, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else { throw .commandFailed("refused to write through \(current): it is not a directory") }
                continue
            }
            guard mkdir(current, 0o755) == 0 || errno == EEXIST else {
                throw .commandFailed("cannot make \(current): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// A file server path, cleaned; refused when absolute or climbing with `..`.
    static func relative(_ path: String) throws(ExecutionError) -> String {
        do {
            return try RelativePath.clean(path)
        } catch {
            throw .invocation("\(error)")
        }
    }
}
