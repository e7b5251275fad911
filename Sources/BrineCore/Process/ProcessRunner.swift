import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Hears about each child a `ProcessRunner` starts, so another thread (a job-kill request) can
/// signal it while it runs.
public protocol ChildObserver: AnyObject, Sendable {
    func childStarted(_ pid: Int32)
    /// The child has exited but is not reaped yet, so its pid cannot have been reused.
    func childExiting(_ pid: Int32)
}

/// Runs a command with posix_spawn and collects its output. (Foundation's `Process` was seen hanging on
/// short-lived children here, and would pull all of Foundation into the minion.)
///
/// Each child leads a process group of its own, so a timeout or a kill reaches whatever the command
/// started too (a shell's children), and the pipes close.
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
        /// The exit code; 128 + the signal number when a signal ended the command, as shells report it.
        public var status: Int32
        public var pid: Int32
        /// The command outlived `Request.timeout` and was killed.
        public var timedOut: Bool
        /// The command printed more than `Request.maxOutputBytes` and was killed; the output is cut there.
        public var outputExceeded = false
    }

    /// One command and the conditions it runs under.
    public struct Request: Sendable {
        /// The program (a path, or a name looked up in `PATH`) and its arguments.
        public var argv: [String]
        public var cwd: String?
        /// The whole environment of the command; nil inherits this process's.
        public var environment: [String: String]?
        /// Fed to the command's stdin, which is `/dev/null` when nil.
        public var stdin: [UInt8]?
        public var mergeStderr = false
        /// Seconds before the command's process group is killed.
        public var timeout: Double?
        /// Bytes of stdout and stderr together past which the command's process group is killed, so a
        /// runaway command cannot take the caller's memory; nil: no bound.
        public var maxOutputBytes: Int?
        /// Run as this user: posix_spawn cannot change uid, so the command goes through `runuser`
        /// (or `su` where util-linux's runuser is missing), which needs root.
        public var user: String?

        public init(_ argv: [String]) {
            self.argv = argv
        }
    }

    /// Runs `/bin/sh -c command` (or `shell`), stderr into stdout when `mergeStderr`.
    public static func shell(
        _ command: String, shell: String = "/bin/sh", cwd: String? = nil, mergeStderr: Bool = true
    ) throws(Failure) -> Result {
        try run([shell, "-c", command], cwd: cwd, mergeStderr: mergeStderr)
    }

    /// Runs `argv`, in `cwd` when given.
    public static func run(_ argv: [String], cwd: String? = nil, mergeStderr: Bool = false) throws(Failure) -> Result {
        var request = Request(argv)
        request.cwd = cwd
        request.mergeStderr = mergeStderr
        return try run(request)
    }

    public static func run(_ request: Request, observer: (any ChildObserver)? = nil) throws(Failure) -> Result {
        guard let name = request.argv.first else { throw Failure(description: "no command given") }
        guard let program = which(name, path: request.environment.map { $0["PATH"] ?? "/bin:/usr/bin" }) else {
            throw Failure(description: "cannot run \(name): No such file or directory")
        }
        var argv = [program] + request.argv.dropFirst()
        if let cwd = request.cwd {
            guard FileSystem.isDirectory(cwd) else { throw Failure(description: "the working directory \(cwd) does not exist") }
            // posix_spawn has no portable chdir; a shell changes directory and execs the command.
            argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", cwd] + argv
        }
        if let user = request.user { argv = try switchingUser(to: user) + argv }
        let environment = request.environment.map { $0.map { "\($0.key)=\($0.value)" } } ?? inheritedEnvironment()
        let child = try spawn(argv, environment: environment, stdin: request.stdin != nil, mergeStderr: request.mergeStderr)
        observer?.childStarted(child.pid)
        let output = Exchange.run(child, input: request.stdin ?? [], timeout: request.timeout, limit: request.maxOutputBytes)
        var info = siginfo_t()
        while waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        observer?.childExiting(child.pid)
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(
            stdout: output.stdout, stderr: output.stderr, status: exitCode, pid: child.pid, timedOut: output.timedOut,
            outputExceeded: output.exceeded)
    }

    /// The path `name` runs from: itself when it holds a slash, else the first executable file of
    /// that name in `path` (this process's `PATH` when nil), as `execvp` and Salt's `which` find it.
    public static func which(_ name: String, path: String? = nil) -> String? {
        if name.contains("/") { return isExecutableFile(name) ? name : nil }
        let search = path ?? getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        for directory in search.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    /// This process's environment as `NAME=value` entries.
    public static func inheritedEnvironment() -> [String] {
        var entries: [String] = []
        var index = 0
        while let entry = environ[index] {
            entries.append(String(cString: entry))
            index += 1
        }
        return entries
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    private static func switchingUser(to user: String) throws(Failure) -> [String] {
        let systemPath = "/usr/sbin:/sbin:/usr/bin:/bin"
        if let runuser = which("runuser", path: systemPath) { return [runuser, "-u", user, "--"] }
        if let su = which("su", path: systemPath) { return [su, "-s", "/bin/sh", user, "-c", "exec \"$0\" \"$@\""] }
        throw Failure(description: "cannot run as \(user): neither runuser nor su is installed")
    }

    /// A started child and this side's ends of its stdin, stdout and stderr.
    struct Child {
        let pid: Int32
        let input: Int32
        let output: Int32
        let errors: Int32
    }

    /// Held from creating a child's pipes until it is spawned: glibc here has no `pipe2`, and a
    /// child spawned by another thread in between would inherit our write ends and keep our reads
    /// from ever seeing end-of-file.
    private static let spawning = Mutex(())

    private static func spawn(_ argv: [String], environment: [String], stdin: Bool, mergeStderr: Bool) throws(Failure) -> Child {
        let spawned = spawning.withLock { _ -> Swift.Result<Child, Failure> in
            var outPipe: [Int32] = [-1, -1]
            var errPipe: [Int32] = [-1, -1]
            // stdin is a socket pair so writes can use MSG_NOSIGNAL: a child that exits without
            // reading must not raise SIGPIPE in the minion.
            var inPair: [Int32] = [-1, -1]
            guard pipe(&outPipe) == 0, pipe(&errPipe) == 0,
                  !stdin || socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &inPair) == 0
            else {
                let code = errno
                for descriptor in outPipe + errPipe where descriptor >= 0 { close(descriptor) }
                return .failure(Failure(description: "pipe: \(String(cString: strerror(code)))"))
            }
            for descriptor in outPipe + errPipe + inPair where descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
            return startChild(argv, environment: environment, stdin: stdin ? inPair : nil, out: outPipe, err: errPipe, mergeStderr: mergeStderr)
        }
        return try spawned.get()
    }

    private static func startChild(
        _ argv: [String], environment: [String], stdin inPair: [Int32]?, out outPipe: [Int32], err errPipe: [Int32], mergeStderr: Bool
    ) -> Swift.Result<Child, Failure> {
        let spawned = Spawn.start(argv, environment: environment, ownProcessGroup: true) { actions in
            if let inPair {
                posix_spawn_file_actions_adddup2(&actions, inPair[1], 0)
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            }
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, mergeStderr ? outPipe[1] : errPipe[1], 2)
        }
        close(outPipe[1])
        close(errPipe[1])
        if let inPair { close(inPair[1]) }
        switch spawned {
        case .success(let pid):
            return .success(Child(pid: pid, input: inPair?[0] ?? -1, output: outPipe[0], errors: errPipe[0]))
        case .failure(let failure):
            close(outPipe[0])
            close(errPipe[0])
            if let inPair { close(inPair[0]) }
            return .failure(failure)
        }
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
