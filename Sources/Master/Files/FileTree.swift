import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// One walk of a file server root, as Salt's `roots` backend lists it: its files, its directories
/// (not the root itself), the directories with nothing in them, and the symlinks that stay inside
/// the root, each relative to the root. Symlinks are followed only while they resolve inside the
/// root (Salt follows them anywhere; Brine serves nothing from outside `file_roots`), and each real
/// directory is entered once, so a symlink loop ends the walk instead of the master.
struct FileTree {
    var files: [String] = []
    var directories: [String] = []
    var emptyDirectories: [String] = []
    /// Relative path → the link's target as written.
    var symlinks: [(path: String, target: String)] = []

    /// Walks `root`; nothing when it does not exist.
    init(root: String) {
        guard let realRoot = FileTree.resolve(root) else { return }
        var visited = Set<String>()
        walk(realRoot, relative: "", realRoot: realRoot, visited: &visited)
    }

    private mutating func walk(_ directory: String, relative: String, realRoot: String, visited: inout Set<String>) {
        guard visited.insert(directory).inserted, let handle = opendir(directory) else { return }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(handle)
        if !relative.isEmpty {
            directories.append(relative)
            if names.isEmpty { emptyDirectories.append(relative) }
        }
        for name in names.sorted() {
            let path = directory + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFLNK {
                guard let target = FileTree.resolve(path), RelativePath.isWithin(target, realRoot), stat(target, &info) == 0 else { continue }
                symlinks.append((relativePath, FileTree.linkTarget(path)))
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(FileTree.resolve(path) ?? path, relative: relativePath, realRoot: realRoot, visited: &visited)
            case S_IFREG:
                files.append(relativePath)
            default:
                continue
            }
        }
    }

    /// The path with every symlink resolved, or nil when it does not exist.
    static func resolve(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return "" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
