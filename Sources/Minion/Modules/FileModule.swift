import BrineCore
import MessagePack
import PythonRules
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// `file.*`: files and directories on the minion, with the return shapes of Salt's `file` module.
/// Paths may start with `~` or `~user`.
enum FileModule {
    static var functions: [ExecutionFunction] {
        basics + [find, replace]
    }

    static var basics: [ExecutionFunction] {
        [
            ExecutionFunction(
                "file.file_exists", doc: "Return True when the path is a regular file (symlinks followed).\n\nCLI Example:\n\n    brine '*' file.file_exists /etc/passwd",
                parameters: [Parameter("path", .string)]
            ) { arguments, _ in
                .bool(kind(of: try path(arguments, "path"), follow: true) == S_IFREG)
            },
            ExecutionFunction(
                "file.directory_exists", doc: "Return True when the path is a directory (symlinks followed).\n\nCLI Example:\n\n    brine '*' file.directory_exists /etc",
                parameters: [Parameter("path", .string)]
            ) { arguments, _ in
                .bool(kind(of: try path(arguments, "path"), follow: true) == S_IFDIR)
            },
            ExecutionFunction(
                "file.stats",
                doc: "Return a path's inode, uid, gid, user, group, atime, mtime, ctime, size, mode ('0644'), type (file, dir, link, char, block, pipe, socket) and target (the resolved path); with hash_type, its checksum as sum. follow_symlinks=False describes a link itself.\n\nCLI Example:\n\n    brine '*' file.stats /etc/passwd\n    brine '*' file.stats /etc/passwd hash_type=md5",
                parameters: [Parameter("path", .string), Parameter("hash_type", .string, default: .nil), Parameter("follow_symlinks", .bool, default: true)]
            ) { arguments, _ in
                try stats(try path(arguments, "path"), hashType: try arguments.optionalString("hash_type"), follow: try arguments.bool("follow_symlinks"))
            },
            ExecutionFunction(
                "file.get_hash",
                doc: "Return the hex checksum of a file: form is sha256 (default), md5, sha1, sha224, sha384 or sha512; chunk_size is how much is read at a time.\n\nCLI Example:\n\n    brine '*' file.get_hash /etc/shadow\n    brine '*' file.get_hash /etc/shadow form=md5",
                parameters: [Parameter("path", .string), Parameter("form", .string, default: "sha256"), Parameter("chunk_size", .int, default: 65536)]
            ) { arguments, _ in
                .text(try hash(try path(arguments, "path"), form: try arguments.string("form"), chunkSize: try arguments.int("chunk_size")))
            },
            ExecutionFunction(
                "file.read", doc: "Return the contents of a file as text, or as bytes with binary=True.\n\nCLI Example:\n\n    brine '*' file.read /etc/hosts",
                parameters: [Parameter("path", .string), Parameter("binary", .bool, default: false)]
            ) { arguments, _ in
                let bytes = try contents(try path(arguments, "path"))
                return try arguments.bool("binary") ? .binary(bytes) : .text(String(decoding: bytes, as: UTF8.self))
            },
            ExecutionFunction(
                "file.write",
                doc: "Write the arguments to a file, one per line, replacing its contents (args= may give them as a list). Returns 'Wrote N lines to \"path\"'.\n\nCLI Example:\n\n    brine '*' file.write /etc/motd 'Welcome' 'Authorized use only'",
                parameters: [Parameter("path", .string), Parameter("args", .any, default: .nil, keywordOnly: true)], variadic: true
            ) { arguments, _ in
                let file = try path(arguments, "path")
                let lines = lineArguments(arguments)
                try store(Array(lines.map { $0 + "\n" }.joined().utf8), to: file, append: false)
                return .text("Wrote \(lines.count) lines to \"\(file)\"")
            },
            ExecutionFunction(
                "file.append",
                doc: "Append the arguments to an existing file, one per line, first ending its last line if it has no newline (args= may give them as a list). Returns 'Wrote N lines to \"path\"'.\n\nCLI Example:\n\n    brine '*' file.append /etc/motd 'Maintenance on Sunday'",
                parameters: [Parameter("path", .string), Parameter("args", .any, default: .nil, keywordOnly: true)], variadic: true
            ) { arguments, _ in
                let file = try path(arguments, "path")
                let existing = try contents(file)
                let lines = lineArguments(arguments)
                let prefix = existing.isEmpty || existing.last == UInt8(ascii: "\n") ? "" : "\n"
                try store(Array((prefix + lines.map { $0 + "\n" }.joined()).utf8), to: file, append: true)
                return .text("Wrote \(lines.count) lines to \"\(file)\"")
            },
            ExecutionFunction(
                "file.touch",
                doc: "Create the file if it is missing and set its access and modification times (now, or atime/mtime as epoch seconds). Returns whether the file exists.\n\nCLI Example:\n\n    brine '*' file.touch /var/log/emptyfile\n    brine '*' file.touch /var/log/emptyfile mtime=1700000000",
                parameters: [Parameter("name", .string), Parameter("atime", .int, default: .nil), Parameter("mtime", .int, default: .nil)]
            ) { arguments, _ in
                try touch(try path(arguments, "name"), atime: try arguments.optionalInt("atime"), mtime: try arguments.optionalInt("mtime"))
            },
            ExecutionFunction(
                "file.remove", doc: "Remove a file, a symlink or a whole directory tree (the path must be absolute). Returns False when there was nothing to remove.\n\nCLI Example:\n\n    brine '*' file.remove /tmp/foo",
                parameters: [Parameter("path", .string)]
            ) { arguments, _ in
                let target = try path(arguments, "path")
                guard target.hasPrefix("/") else { throw ExecutionError.invocation("File path must be absolute: \(target)") }
                guard kind(of: target, follow: false) != nil else { return false }
                try removeTree(target)
                return true
            },
            ExecutionFunction(
                "file.mkdir",
                doc: "Create a directory and any missing parents, owned by user and group and with mode (octal, e.g. 755) when given. Returns True.\n\nCLI Example:\n\n    brine '*' file.mkdir /opt/app/data user=www-data mode=750",
                parameters: [Parameter("dir_path", .string), Parameter("user", .string, default: .nil), Parameter("group", .string, default: .nil), Parameter("mode", .string, default: .nil)]
            ) { arguments, _ in
                try makeDirectory(
                    try path(arguments, "dir_path"), user: try arguments.optionalString("user"), group: try arguments.optionalString("group"),
                    mode: try arguments.optionalString("mode"))
                return true
            },
            ExecutionFunction(
                "file.contains", doc: "Return True when the file contains the text (surrounding whitespace ignored); False when it does not or cannot be read.\n\nCLI Example:\n\n    brine '*' file.contains /etc/crontab 'mymaintenance.sh'",
                parameters: [Parameter("path", .string), Parameter("text", .string)]
            ) { arguments, _ in
                guard let bytes = try? contents(try path(arguments, "path")) else { return false }
                return .bool(String(decoding: bytes, as: UTF8.self).contains(try arguments.string("text").trimmed()))
            },
        ]
    }

    /// A path argument with `~` and `~user` expanded, as Salt's `os.path.expanduser`.
    static func path(_ arguments: Arguments, _ name: String) throws(ExecutionError) -> String {
        let text = try arguments.string(name)
        guard text.hasPrefix("~") else { return text }
        let slash = text.firstIndex(of: "/") ?? text.endIndex
        let user = String(text[text.index(after: text.startIndex)..<slash])
        let home = user.isEmpty ? getenv("HOME").map { String(cString: $0) } : Accounts.user(named: user)?.home
        guard let home else { return text }
        return home + text[slash...]
    }

    /// Positional lines, or the `args` keyword (a list or one value), as Salt's write/append take them.
    private static func lineArguments(_ arguments: Arguments) -> [String] {
        let keyword = arguments["args"]
        if keyword.isNil { return arguments.extraPositional.map(\.pythonString) }
        return (keyword.arrayValue ?? [keyword]).map(\.pythonString)
    }

    /// The file type bits, following symlinks or not; nil when nothing is there.
    static func kind(of path: String, follow: Bool) -> mode_t? {
        var info = stat()
        guard (follow ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// Python's OSError text, which Salt shows for file errors: `[Errno 2] No such file or directory: '/x'`.
    static func osError(_ path: String, _ code: Int32 = errno) -> ExecutionError {
        .commandFailed("[Errno \(code)] \(String(cString: strerror(code))): '\(path)'")
    }

    static func contents(_ path: String) throws(ExecutionError) -> [UInt8] {
        do {
            return try FileSystem.read(path)
        } catch {
            throw osError(path, error.code)
        }
    }

    /// Writes in place (truncating, or appending), so the file keeps its inode, owner and mode.
    static func store(_ bytes: [UInt8], to path: String, append: Bool) throws(ExecutionError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o666)
        guard descriptor >= 0 else { throw osError(path) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw osError(path)
            }
            offset += written
        }
    }

    static func hash(_ path: String, form: String, chunkSize: Int) throws(ExecutionError) -> String {
        guard let digest = DigestStream(algorithm: form) else { throw .invocation("Invalid hash type: \(form)") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw osError(path) }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: max(chunkSize, 1))
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw osError(path)
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return Digest.hex(digest.finish())
    }
}
