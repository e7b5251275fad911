#if canImport(Glibc)
import Glibc
#endif

/// Runs a command with posix_spawn and collects its output. (Foundation's `Process` was seen hanging on
/// short-lived children here, and would pull all of Foundation into the minion.)
public enum ProcessRunner {
    /// The command could not be started.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    public struct Result: Sendable {
        public var stdout: String
        public var stderr: String
        public var status: Int32
        public var pid: Int32
    }

    /// Runs `/bin/sh -c command` (or `shell`), stderr into stdout when `mergeStderr`.
    public static func shell(
        _ command: String, shell: String = "/bin/sh", cwd: String? = nil, mergeStderr: Bool = true
    ) throws(Failure) -> Result {
        try run([shell, "-c", command], cwd: cwd, mergeStderr: mergeStderr)
    }

    /// Runs `argv` (an absolute path first), in `cwd` when given.
    public static func run(_ argv: [String], cwd: String? = nil, mergeStderr: Bool = false) throws(Failure) -> Result {
        if let cwd {
            guard FileSystem.isDirectory(cwd) else { throw Failure(description: "the working directory \(cwd) does not exist") }
            return try run(["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", cwd] + argv, mergeStderr: mergeStderr)
        }
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in outPipe + errPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, mergeStderr ? outPipe[1] : errPipe[1], 2)
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw Failure(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        let (stdout, stderr) = drain(outPipe[0], errPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(stdout: stdout, stderr: stderr, status: exitCode, pid: pid)
    }

    /// Reads both pipes to their end with poll, so a child that fills one pipe never deadlocks.
    private static func drain(_ out: Int32, _ err: Int32) -> (String, String) {
        var buffers: [[UInt8]] = [[], []]
        var fds = [pollfd(fd: out, events: Int16(POLLIN), revents: 0), pollfd(fd: err, events: Int16(POLLIN), revents: 0)]
        var open = 2
        var chunk = [UInt8](repeating: 0, count: 65536)
        while open > 0 {
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<2 where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = read(fds[index].fd, &chunk, chunk.count)
                if count > 0 {
                    buffers[index].append(contentsOf: chunk[0..<count])
                } else if count == 0 || errno != EINTR {
                    close(fds[index].fd)
                    fds[index].fd = -1
                    open -= 1
                }
            }
        }
        return (String(decoding: buffers[0], as: UTF8.self), String(decoding: buffers[1], as: UTF8.self))
    }
}

extension String {
    /// Python's `rstrip()`, which Salt applies to command output.
    public func trimmingTrailingWhitespace() -> String {
        var scalars = unicodeScalars[...]
        while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
