import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// A swarm worker started by the supervisor: its stdin and stdout are pipes to us, its stderr is ours
/// (log lines go straight to the terminal). Closing `input` tells it to stop; so does our death.
final class WorkerProcess {
    let pid: pid_t
    /// Our end of its stdin.
    private(set) var input: Int32
    /// Our end of its stdout.
    let output: Int32
    private var exited = false

    init(_ argv: [String]) throws {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            let code = errno
            for descriptor in toChild + fromChild where descriptor >= 0 { close(descriptor) }
            throw ProcessRunner.Failure(description: "pipe: \(String(cString: strerror(code)))")
        }
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let spawned = Spawn.start(argv, environment: ProcessRunner.inheritedEnvironment()) { actions in
            posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
            posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        }
        close(toChild[0])
        close(fromChild[1])
        switch spawned {
        case .success(let started):
            pid = started
        case .failure(let failure):
            close(toChild[1])
            close(fromChild[0])
            throw failure
        }
        input = toChild[1]
        output = fromChild[0]
    }

    deinit {
        stop(grace: 1)
        close(output)
    }

    /// Sends a line to the worker's stdin; false when it is gone.
    @discardableResult
    func send(_ line: String) -> Bool {
        guard input >= 0 else { return false }
        let bytes = Array((line + "\n").utf8)
        return bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) } == bytes.count
    }

    /// Ends its stdin and SIGTERMs it, then waits up to `grace` seconds before SIGKILL.
    func stop(grace: Double) {
        if input >= 0 {
            close(input)
            input = -1
        }
        guard !reaped() else { return }
        kill(pid, SIGTERM)
        let end = Timestamp.monotonic() + grace
        while !reaped() && Timestamp.monotonic() < end { usleep(20_000) }
        if !reaped() {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exited = true
        }
    }

    private func reaped() -> Bool {
        if exited { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return exited
    }
}
