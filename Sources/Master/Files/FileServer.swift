import BrineCore
import Logging
import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// The master's file server (Salt's `roots` backend): the `salt://` files of each `file_roots`
/// environment, answered in the shapes Salt's minions read. A path that is absolute, climbs with
/// `..`, or resolves (through a symlink) outside its root is refused: logged here, and answered as
/// a file that does not exist, as Salt answers it. A file is served one `file_buffer_size` chunk
/// per request, so a request never holds more than that in memory.
struct FileServer: Sendable {
    /// The session requests this file server answers (`_file_recv` is the `FileReceiver`'s).
    static let commands: Set<String> = [
        "_file_envs", "_file_list", "_file_list_emptydirs", "_dir_list", "_symlink_list",
        "_file_hash", "_file_hash_and_stat", "_file_find", "_serve_file", "_master_opts",
    ]

    let roots: [String: [String]]
    let hashType: String
    let bufferSize: Int
    let logger: Logger

    init(config: MasterConfig, logger: Logger) {
        roots = config.fileRoots
        hashType = config.hashType
        bufferSize = config.fileBufferSize
        self.logger = logger
    }

    init(roots: [String: [String]], hashType: String = "sha256", bufferSize: Int = 262_144, logger: Logger) {
        self.roots = roots
        self.hashType = hashType
        self.bufferSize = bufferSize
        self.logger = logger
    }

    /// A file found in a root: its path on this host and its path in the environment.
    struct Found {
        var path: String
        var relative: String
    }

    /// The answer to one request from minion `id`.
    func answer(_ command: String, _ load: MessagePackValue, from id: String) -> MessagePackValue {
        let environment = load.string("saltenv") ?? load.string("env") ?? "base"
        let prefix = load.string("prefix") ?? ""
        switch command {
        case "_file_envs":
            return .array(roots.keys.sorted().map(MessagePackValue.text))
        case "_file_list":
            return listing(trees(environment).flatMap(\.files), prefix)
        case "_file_list_emptydirs":
            return listing(trees(environment).flatMap(\.emptyDirectories), prefix)
        case "_dir_list":
            return listing(trees(environment).flatMap(\.directories), prefix)
        case "_symlink_list":
            var links: [String: String] = [:]
            for link in trees(environment).flatMap(\.symlinks) where links[link.path] == nil { links[link.path] = link.target }
            return .map(selected(Array(links.keys), prefix).map { MessagePackPair(.text($0), .text(links[$0] ?? "")) })
        case "_file_find":
            guard let found = find(load, environment, id) else { return ["path": "", "rel": ""] }
            return ["path": .text(found.path), "rel": .text(found.relative), "stat": stat(found.path)]
        case "_file_hash":
            guard let found = find(load, environment, id) else { return "" }
            return hash(found)
        case "_file_hash_and_stat":
            guard let found = find(load, environment, id) else { return ["", .nil] }
            return [hash(found), stat(found.path)]
        case "_serve_file":
            return serve(load, environment, id)
        case "_master_opts":
            return masterOptions()
        default:
            return [:]
        }
    }

    /// The file a request's `path` names in `environment`: the first root that has it.
    func find(_ load: MessagePackValue, _ environment: String, _ id: String) -> Found? {
        guard let path = load.string("path") else { return nil }
        let relative: String
        do {
            relative = try RelativePath.clean(path)
        } catch {
            logger.error("minion \(id) asked the file server for a path outside file_roots: \(error)")
            return nil
        }
        guard let directories = roots[environment] else {
            logger.info("minion \(id) asked for '\(relative)' in environment '\(environment)', which file_roots does not have")
            return nil
        }
        for root in directories {
            guard let realRoot = FileTree.resolve(root), let real = FileTree.resolve(realRoot + "/" + relative) else { continue }
            guard RelativePath.isWithin(real, realRoot) else {
                logger.error("minion \(id) asked for '\(relative)', which resolves to \(real), outside the file root \(realRoot); refused")
                return nil
            }
            var info = Glibc.stat()
            if lstat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG { return Found(path: real, relative: relative) }
        }
        return nil
    }

    private func trees(_ environment: String) -> [FileTree] {
        (roots[environment] ?? []).map { FileTree(root: $0) }
    }

    /// Salt's answer: each path once, sorted, those starting with `prefix` (a string prefix, as Salt's;
    /// a listing holds only paths inside the roots, so no prefix can reach outside them).
    private func listing(_ paths: [String], _ prefix: String) -> MessagePackValue {
        .array(selected(paths, prefix).map(MessagePackValue.text))
    }

    private func selected(_ paths: [String], _ prefix: String) -> [String] {
        let start = String(prefix.drop { $0 == "/" }.reversed().drop { $0 == "/" }.reversed())
        return Set(paths).filter { start.isEmpty || $0.hasPrefix(start) }.sorted()
    }

    private func hash(_ found: Found) -> MessagePackValue {
        guard let sum = DigestStream.hexDigest(ofFile: found.path, algorithm: hashType) else {
            logger.error("file server: cannot hash \(found.path) with hash_type \(hashType)")
            return ""
        }
        return ["hsum": .text(sum), "hash_type": .text(hashType)]
    }

    /// Python's `list(os.stat(path))`: mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime.
    private func stat(_ path: String) -> MessagePackValue {
        var info = Glibc.stat()
        guard lstat(path, &info) == 0 else { return .nil }
        return .array([
            .int(Int64(info.st_mode)), .int(Int64(info.st_ino)), .int(Int64(info.st_dev)), .int(Int64(info.st_nlink)),
            .int(Int64(info.st_uid)), .int(Int64(info.st_gid)), .int(Int64(info.st_size)),
            .int(Int64(info.st_atim.tv_sec)), .int(Int64(info.st_mtim.tv_sec)), .int(Int64(info.st_ctim.tv_sec)),
        ])
    }

    /// One chunk of a file from `loc`: `{"data": bytes, "dest": relative path}`; empty data at the end,
    /// and `{"data": "", "dest": ""}` for a file that is not there (or was refused).
    private func serve(_ load: MessagePackValue, _ environment: String, _ id: String) -> MessagePackValue {
        let missing: MessagePackValue = ["data": "", "dest": ""]
        guard let found = find(load, environment, id) else { return missing }
        let offset = load["loc"]?.intValue ?? 0
        guard offset >= 0 else {
            logger.error("minion \(id) asked for '\(found.relative)' at offset \(offset); refused")
            return missing
        }
        let descriptor = open(found.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            logger.error("file server: cannot open \(found.path): errno \(errno)")
            return missing
        }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: bufferSize)
        var count = 0
        while count < bufferSize {
            let read = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + count, bufferSize - count, off_t(offset + count)) }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { break }
            count += read
        }
        return ["data": .binary(Array(chunk[0..<count])), "dest": .text(found.relative)]
    }

    /// What a minion's file client reads of the master's options.
    private func masterOptions() -> MessagePackValue {
        let environments = roots.keys.sorted().map { name in
            MessagePackPair(.text(name), .array((roots[name] ?? []).map(MessagePackValue.text)))
        }
        return [
            "file_roots": .map(environments), "hash_type": .text(hashType), "file_buffer_size": .int(Int64(bufferSize)),
            "top_file_merging_strategy": "merge", "env_order": [], "default_top": "base", "renderer": "jinja|yaml",
            "state_top": "top.sls", "file_ignore_regex": [], "file_ignore_glob": [],
        ]
    }
}
