import Synchronization

#if canImport(Glibc)
public import Glibc
#endif

/// A process started in the background with its output sent to a file: how tests and benchmarks run
/// real masters and minions, and how the master runs its publish server; stopped when dropped.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    /// The wait status once reaped; reaping happens under this lock, so only one thread ever reaps.
    private let exited = Mutex<Int32?>(nil)

    /// Starts `argv` with stdout and stderr appended to `outputPath`, or shared with this process when
    /// it is nil.
    public init(_ argv: [String], outputPath: String?, environment: [String: String] = [:]) throws(ProcessRunner.Failure) {
        var environmentEntries = ProcessRunner.inheritedEnvironment().filter { entry in
            environment[String(entry.prefix { $0 != "=" })] == nil
        }
        environmentEntries += environment.map { "\($0.key)=\($0.value)" }
        let spawned = Spawn.start(argv, environment: environmentEntries) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            if let outputPath {
                posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
            }
        }
        self.pid = try spawned.get()
    }

    /// The wait status once the process has exited and been reaped.
    public var exitStatus: Int32? { exited.withLock { $0 } }

    /// Whether the process is still running (reaps it if it has exited).
    public var isRunning: Bool {
        exited.withLock { exited in
            if exited != nil { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exited = status
                return false
            }
            return true
        }
    }

    /// Sends SIGTERM, waits up to `grace` seconds, then SIGKILL.
    public func stop(grace: Double = 5) {
        guard isRunning else { return }
        Glibc.kill(pid, SIGTERM)
        let end = Timestamp.monotonic() + grace
        while isRunning && Timestamp.monotonic() < end { usleep(20_000) }
        if isRunning { killAndReap() }
    }

    /// SIGKILL at once: a crash, as far as peers can tell.
    public func crash() {
        if isRunning { killAndReap() }
    }

    private func killAndReap() {
        exited.withLock { exited in
            guard exited == nil else { return }
            Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exited = status
        }
    }

    deinit { stop(grace: 1) }
}
