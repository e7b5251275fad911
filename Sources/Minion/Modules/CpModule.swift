import BrineCore
import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// `cp.*`: files from the master's file server (`salt://` only), and `cp.push` back to it. Returns
/// are Salt's: the path written, `False` when the master has no such file, a listing as a list.
enum CpModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "cp.get_file",
                doc: "Copy a file from the master's file server to this minion: returns the path written, or False when the master has no such file (or the destination's directory is missing and makedirs is False). dest may be a directory. A destination that already has the master's content is not fetched again.\n\nCLI Example:\n\n    brine '*' cp.get_file salt://path/to/file /minion/dest\n    brine '*' cp.get_file 'salt://path/to/file?saltenv=dev' /minion/dir/ makedirs=True",
                parameters: [
                    Parameter("path", .string), Parameter("dest", .string), Parameter("saltenv", .string, default: .nil),
                    Parameter("makedirs", .bool, default: false), Parameter("template", .any, default: .nil), Parameter("gzip", .any, default: .nil),
                ],
                extraKeywords: true
            ) { arguments, context in
                try refuseTemplate(arguments)
                let (path, saltenv) = try source(arguments, "path")
                let client = try FileClient.open(context)
                return try getFile(client, path, saltenv: saltenv, dest: try arguments.string("dest"), makedirs: try arguments.bool("makedirs"))
            },
            ExecutionFunction(
                "cp.get_dir",
                doc: "Copy a directory from the master's file server, recursively: dest/<the directory's name>/...; returns the paths written.\n\nCLI Example:\n\n    brine '*' cp.get_dir salt://path/to/dir/ /minion/dest",
                parameters: [
                    Parameter("path", .string), Parameter("dest", .string), Parameter("saltenv", .string, default: .nil),
                    Parameter("template", .any, default: .nil), Parameter("gzip", .any, default: .nil),
                ],
                extraKeywords: true
            ) { arguments, context in
                try refuseTemplate(arguments)
                let (path, saltenv) = try source(arguments, "path")
                return try getDirectory(try FileClient.open(context), path, saltenv: saltenv, dest: try arguments.string("dest"))
            },
            ExecutionFunction(
                "cp.get_url",
                doc: "Fetch a salt:// URL: into dest when given (returns dest), else into the minion's file cache (returns the cached path). Other schemes (http, https, ftp, s3, file) are not supported by brine-minion.\n\nCLI Example:\n\n    brine '*' cp.get_url salt://my/file /tmp/this_file_is_mine",
                parameters: [
                    Parameter("path", .string), Parameter("dest", .any, default: ""), Parameter("saltenv", .string, default: .nil),
                    Parameter("makedirs", .bool, default: false), Parameter("source_hash", .any, default: .nil),
                ]
            ) { arguments, context in
                let (path, saltenv) = try source(arguments, "path")
                let client = try FileClient.open(context)
                let dest = arguments["dest"].stringValue ?? ""
                guard dest.isEmpty else {
                    return try getFile(client, path, saltenv: saltenv, dest: dest, makedirs: try arguments.bool("makedirs"))
                }
                return try client.cache(path, saltenv: saltenv).map(MessagePackValue.text) ?? false
            },
            ExecutionFunction(
                "cp.cache_file",
                doc: "Fetch a salt:// file into the minion's file cache (cachedir/files/<saltenv>/<path>) and return the cached path, or False when the master has no such file. A cached copy with the master's hash is not fetched again.\n\nCLI Example:\n\n    brine '*' cp.cache_file salt://path/to/file",
                parameters: [
                    Parameter("path", .string), Parameter("saltenv", .string, default: .nil), Parameter("source_hash", .any, default: .nil),
                    Parameter("verify_ssl", .bool, default: true), Parameter("use_etag", .bool, default: false),
                ]
            ) { arguments, context in
                let (path, saltenv) = try source(arguments, "path")
                return try FileClient.open(context).cache(path, saltenv: saltenv).map(MessagePackValue.text) ?? false
            },
            ExecutionFunction(
                "cp.get_file_str",
                doc: "Return the content of a salt:// file as a string (it is cached as cp.cache_file caches it), or False when the master has no such file.\n\nCLI Example:\n\n    brine '*' cp.get_file_str salt://my/file",
                parameters: [Parameter("path", .string), Parameter("saltenv", .string, default: .nil)]
            ) { arguments, context in
                let (path, saltenv) = try source(arguments, "path")
                guard let cached = try FileClient.open(context).cache(path, saltenv: saltenv) else { return false }
                do {
                    return .text(try FileSystem.readString(cached))
                } catch {
                    throw ExecutionError.commandFailed("cannot read \(cached): \(error)")
                }
            },
            lister("cp.list_master", command: "_file_list", what: "files"),
            lister("cp.list_master_dirs", command: "_dir_list", what: "directories"),
            ExecutionFunction(
                "cp.list_master_symlinks",
                doc: "Return the symlinks on the master's file server in saltenv (base by default), optionally under prefix, as {path: target}.\n\nCLI Example:\n\n    brine '*' cp.list_master_symlinks",
                parameters: [Parameter("saltenv", .string, default: .nil), Parameter("prefix", .string, default: "")]
            ) { arguments, context in
                let saltenv = try arguments.optionalString("saltenv") ?? "base"
                return try FileClient.open(context).ask(["cmd": "_symlink_list", "saltenv": .text(saltenv), "prefix": .text(try arguments.string("prefix"))])
            },
            ExecutionFunction(
                "cp.envs",
                doc: "Return the master's file server environments.\n\nCLI Example:\n\n    brine '*' cp.envs"
            ) { _, context in
                try FileClient.open(context).ask(["cmd": "_file_envs"])
            },
            ExecutionFunction(
                "cp.hash_file",
                doc: "Return the master's hash of a salt:// file as {hsum, hash_type}, or '' when it has no such file; a local absolute path is hashed here.\n\nCLI Example:\n\n    brine '*' cp.hash_file salt://path/to/file",
                parameters: [Parameter("path", .string), Parameter("saltenv", .string, default: .nil)]
            ) { arguments, context in
                let text = try arguments.string("path")
                if text.hasPrefix("/") {
                    guard let sum = DigestStream.hexDigest(ofFile: text, algorithm: context.config.hashType) else { return [:] }
                    return ["hsum": .text(sum), "hash_type": .text(context.config.hashType)]
                }
                let (path, saltenv) = try source(arguments, "path")
                guard let remote = try FileClient.open(context).hash(path, saltenv: saltenv) else { return "" }
                return ["hsum": .text(remote.sum), "hash_type": .text(remote.type)]
            },
            ExecutionFunction(
                "cp.push",
                doc: "Push a file from this minion to the master, into its cachedir/minions/<this id>/files/<path> (or upload_path). The master must have file_recv: True, and refuses files over file_recv_max_size. path must be absolute; returns True or False.\n\nCLI Example:\n\n    brine '*' cp.push /etc/fstab\n    brine '*' cp.push /etc/fstab upload_path='/new/path/fstab'",
                parameters: [
                    Parameter("path", .string), Parameter("keep_symlinks", .bool, default: false),
                    Parameter("upload_path", .string, default: .nil), Parameter("remove_source", .bool, default: false),
                ]
            ) { arguments, context in
                try push(
                    try arguments.string("path"), keepSymlinks: try arguments.bool("keep_symlinks"),
                    uploadPath: try arguments.optionalString("upload_path"), removeSource: try arguments.bool("remove_source"), context)
            },
        ]
    }

    private static func lister(_ name: String, command: String, what: String) -> ExecutionFunction {
        ExecutionFunction(
            name,
            doc: "List the \(what) on the master's file server in saltenv (base by default), optionally under prefix.\n\nCLI Example:\n\n    brine '*' \(name)",
            parameters: [Parameter("saltenv", .string, default: .nil), Parameter("prefix", .string, default: "")]
        ) { arguments, context in
            let saltenv = try arguments.optionalString("saltenv") ?? "base"
            return .array(try FileClient.open(context).list(command, saltenv: saltenv, prefix: try arguments.string("prefix")).map(MessagePackValue.text))
        }
    }

    /// Salt renders `template=jinja` files; brine-minion does not, and says so rather than copy the
    /// file unrendered.
    static func refuseTemplate(_ arguments: Arguments) throws(ExecutionError) {
        let template = arguments["template"]
        guard template.isNil else {
            throw .invocation("brine-minion does not render templates (template=\(template.stringValue ?? "?")); copy the file without one")
        }
    }

    /// The file server path and environment of a `salt://` argument (its `?saltenv=` wins over the
    /// `saltenv` argument, as in Salt); any other scheme is refused.
    static func source(_ arguments: Arguments, _ name: String) throws(ExecutionError) -> (path: String, saltenv: String) {
        let text = try arguments.string(name)
        guard let url = SaltURL(text) else {
            if let scheme = SaltURL.scheme(of: text) {
                throw .invocation("brine-minion fetches only salt:// URLs, not \(scheme)://")
            }
            throw .invocation("Unsupported path: \(text) (a salt:// URL is expected)")
        }
        if let saltenv = url.saltenv { return (url.path, saltenv) }
        return (url.path, try arguments.optionalString("saltenv") ?? "base")
    }

    /// Salt's `get_file`: into `dest` (a directory gets the file's name), False when the master has no
    /// such file or the directory is missing without `makedirs`.
    static func getFile(_ client: FileClient, _ path: String, saltenv: String, dest: String, makedirs: Bool) throws(ExecutionError) -> MessagePackValue {
        guard let remote = try client.hash(path, saltenv: saltenv) else { return false }
        var target = dest
        if target.hasSuffix("/") || FileSystem.isDirectory(target) {
            target = (target.hasSuffix("/") ? String(target.dropLast()) : target) + "/" + (path.split(separator: "/").last.map(String.init) ?? path)
        }
        guard target.hasPrefix("/") else { throw .invocation("dest must be an absolute path, got '\(dest)'") }
        if DigestStream.hexDigest(ofFile: target, algorithm: remote.type) == remote.sum { return .text(target) }
        let directory = FileSystem.parent(of: target)
        if !FileSystem.isDirectory(directory) {
            guard makedirs, FileSystem.makeDirectories(directory) else { return false }
        }
        try client.fetch(path, saltenv: saltenv, to: target)
        return .text(target)
    }

    /// Salt's `get_dir`: every file under `path` to `dest/<path's last component>/...`, and its empty
    /// directories; the files written.
    static func getDirectory(_ client: FileClient, _ path: String, saltenv: String, dest: String) throws(ExecutionError) -> MessagePackValue {
        let prefix = try FileClient.relative(path)
        guard dest.hasPrefix("/") else { throw .invocation("dest must be an absolute path, got '\(dest)'") }
        let parent = prefix.contains("/") ? FileSystem.parent(of: prefix) + "/" : ""
        let base = dest.hasSuffix("/") ? String(dest.dropLast()) : dest
        var written: [MessagePackValue] = []
        for file in try client.list("_file_list", saltenv: saltenv, prefix: prefix) where file.hasPrefix(prefix + "/") {
            let local = base + "/" + (try FileClient.relative(String(file.dropFirst(parent.count))))
            let result = try getFile(client, file, saltenv: saltenv, dest: local, makedirs: true)
            if result.stringValue != nil { written.append(result) }
        }
        for directory in try client.list("_file_list_emptydirs", saltenv: saltenv, prefix: prefix) where directory.hasPrefix(prefix + "/") {
            _ = FileSystem.makeDirectories(base + "/" + (try FileClient.relative(String(directory.dropFirst(parent.count)))))
        }
        return .array(written)
    }
}
