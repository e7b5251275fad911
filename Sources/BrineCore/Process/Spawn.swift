#if canImport(Glibc)
public import Glibc
#endif

/// posix_spawn as Brine starts every process: `argv[0]` is the program's path, and the child's signal
/// mask is empty (the daemons block SIGINT and SIGTERM in every thread to take them with sigwait; a
/// child must not inherit that). The caller says where its stdin, stdout and stderr go.
public enum Spawn {
    /// Starts `argv` with `environment` (`NAME=value` entries); returns the pid, or posix_spawn's error.
    /// - Parameter ownProcessGroup: for commands that jobs run: SIGPIPE and SIGXFSZ back to their default
    ///   action (as Python's subprocess does) and a process group of their own, so a job can be signalled
    ///   with everything it started.
    public static func start(
        _ argv: [String], environment: [String], ownProcessGroup: Bool = false,
        files: (inout posix_spawn_file_actions_t) -> Void
    ) -> Result<pid_t, ProcessRunner.Failure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        files(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK)
        if ownProcessGroup {
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGPIPE)
            sigaddset(&defaults, SIGXFSZ)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer { cEnvironment.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
        guard spawned == 0 else {
            return .failure(ProcessRunner.Failure(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))"))
        }
        return .success(pid)
    }
}
