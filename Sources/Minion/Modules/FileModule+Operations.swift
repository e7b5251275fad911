import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

extension FileModule {
    static func stats(_ path: String, hashType: String?, follow: Bool) throws(ExecutionError) -> MessagePackValue {
        var info = stat()
        // A broken symlink does not exist to stat(), but lstat() still describes it, as in Salt.
        guard (follow && stat(path, &info) == 0) || lstat(path, &info) == 0 else {
            throw .commandFailed("Path not found: \(path)")
        }
        let types: [mode_t: String] = [
            S_IFDIR: "dir", S_IFCHR: "char", S_IFBLK: "block", S_IFREG: "file", S_IFLNK: "link", S_IFIFO: "pipe", S_IFSOCK: "socket",
        ]
        func seconds(_ time: timespec) -> MessagePackValue { .double(Double(time.tv_sec) + Double(time.tv_nsec) / 1e9) }
        var result: MessagePackValue = [
            "inode": .int(Int64(info.st_ino)), "uid": .int(Int64(info.st_uid)), "gid": .int(Int64(info.st_gid)),
            "group": Accounts.groupName(gid: Int(info.st_gid)).map(MessagePackValue.text) ?? .int(Int64(info.st_gid)),
            "user": Accounts.userName(uid: Int(info.st_uid)).map(MessagePackValue.text) ?? .int(Int64(info.st_uid)),
            "atime": seconds(info.st_atim), "mtime": seconds(info.st_mtim), "ctime": seconds(info.st_ctim),
            "size": .int(Int64(info.st_size)), "mode": .text(mode(info.st_mode)),
        ]
        if let hashType { result["sum"] = .text(try hash(path, form: hashType, chunkSize: 65536)) }
        result["type"] = .text(types[info.st_mode & S_IFMT] ?? "file")
        result["target"] = .text(follow ? resolved(path) : absolute(path))
        return result
    }

    /// Salt's `normalize_mode`: octal permission bits, at least four digits (`0644`, `1777`).
    static func mode(_ bits: mode_t) -> String {
        let octal = String(bits & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - octal.count)) + octal
    }

    /// `os.path.realpath`: symlinks resolved; a path that cannot be resolved is made absolute.
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return absolute(path) }
        defer { free(real) }
        return String(cString: real)
    }

    /// `os.path.abspath`: relative to the working directory, `.` and `..` folded away.
    static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/"), let cwd = getcwd(nil, 0) {
            full = String(cString: cwd) + "/" + path
            free(cwd)
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    static func touch(_ path: String, atime: Int?, mtime: Int?) throws(ExecutionError) -> MessagePackValue {
        if kind(of: path, follow: true) == nil {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw .commandFailed(String(cString: strerror(errno))) }
            close(descriptor)
        }
        // glibc's UTIME_NOW, a macro Swift does not import: "use the current time".
        let now = (1 << 30) - 1
        var times = [timespec](repeating: timespec(tv_sec: 0, tv_nsec: now), count: 2)
        if let atime { times[0] = timespec(tv_sec: atime, tv_nsec: 0) }
        if let mtime { times[1] = timespec(tv_sec: mtime, tv_nsec: 0) }
        guard utimensat(AT_FDCWD, path, times, 0) == 0 else { throw .commandFailed(String(cString: strerror(errno))) }
        return .bool(kind(of: path, follow: true) != nil)
    }

    /// Every name in a directory, hidden ones included (unlike `FileSystem.list`).
    static func entries(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `rm -r`: symlinks are removed, never followed.
    static func removeTree(_ path: String) throws(ExecutionError) {
        if kind(of: path, follow: false) == S_IFDIR {
            for name in entries(of: path) { try removeTree(path + "/" + name) }
            guard rmdir(path) == 0 else { throw .commandFailed("Could not remove '\(path)': \(String(cString: strerror(errno)))") }
        } else {
            guard unlink(path) == 0 else { throw .commandFailed("Could not remove '\(path)': \(String(cString: strerror(errno)))") }
        }
    }

    /// `mkdir -p`, giving each directory it creates the owner, group and mode asked for.
    static func makeDirectory(_ path: String, user: String?, group: String?, mode text: String?) throws(ExecutionError) {
        var mode: mode_t = 0o777
        if let text {
            guard let bits = mode_t(text.hasPrefix("0o") ? String(text.dropFirst(2)) : text, radix: 8) else {
                throw .invocation("mode must be octal, such as 755: \(text)")
            }
            mode = bits
        }
        var uid = uid_t.max, gid = gid_t.max
        if let user {
            guard let account = Accounts.user(named: user) else { throw .commandFailed("User \(user) is not available") }
            uid = uid_t(account.uid)
        }
        if let group {
            guard let entry = Accounts.groups().first(where: { $0.name == group }) else { throw .commandFailed("Group \(group) is not available") }
            gid = gid_t(entry.gid)
        }
        var missing: [String] = []
        var current = absolute(path)
        while current != "/" && kind(of: current, follow: true) == nil {
            missing.insert(current, at: 0)
            current = FileSystem.parent(of: current)
        }
        for directory in missing {
            guard mkdir(directory, mode) == 0 || errno == EEXIST else { throw osError(directory) }
            if text != nil { chmod(directory, mode) }
            if uid != uid_t.max || gid != gid_t.max { chown(directory, uid, gid) }
        }
    }
}
