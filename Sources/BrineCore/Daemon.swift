import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Process plumbing shared by brine-master and brine-minion.
public enum Daemon {
    /// What both daemons do before their first socket: log as configured, make their private
    /// `directories` (pki dir, cachedir, sock_dir: 0700, however they were before), make `files`
    /// (mode 0600, kept if there: the audit log) so that `user` owns them too, give up root for
    /// `user`, and take termination signals synchronously.
    public static func prepare(logLevel: String, logFile: String, user: String?, directories: [String], files: [String] = []) throws {
        LoggingSetup.bootstrap(level: logLevel, logFile: logFile, console: true)
        for directory in directories { try FileSystem.makePrivateDirectory(directory) }
        for file in files {
            let descriptor = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw FileSystem.Failure(path: file, operation: "open", code: errno) }
            close(descriptor)
        }
        try dropPrivileges(to: user, owning: directories + [FileSystem.parent(of: logFile)], files: files)
        blockTerminationSignals()
    }

    /// Blocks SIGINT, SIGTERM and SIGHUP in this thread and every thread started after, so that
    /// `waitForTermination` can take them synchronously instead of in a signal handler.
    public static func blockTerminationSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private static let hangupHandlers = Mutex<[@Sendable () -> Void]>([])

    /// Runs `handler` on each SIGHUP (logrotate's signal to reopen files), in `waitForTermination`.
    public static func onHangup(_ handler: @escaping @Sendable () -> Void) {
        hangupHandlers.withLock { $0.append(handler) }
    }

    /// The running program's own file, for starting another process of it.
    public static var executablePath: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// Waits for SIGINT or SIGTERM; returns the signal's number. A SIGHUP meanwhile runs the
    /// `onHangup` handlers.
    @discardableResult
    public static func waitForTermination() -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        while true {
            var signal: Int32 = 0
            guard sigwait(&set, &signal) == 0 else { continue }
            guard signal == SIGHUP else { return signal }
            for handler in hangupHandlers.withLock({ $0 }) { handler() }
        }
    }

    /// Wakes `waitForTermination` as a SIGTERM would: how a thread that cannot go on gets the main
    /// thread to stop the daemon (`DaemonFailure`). Every thread blocks SIGTERM, so nothing else takes it.
    public static func raiseTermination() {
        kill(getpid(), SIGTERM)
    }

    /// Salt's `user` option: a daemon started as root gives up root for that user, after making its
    /// directories and handing them over. Started as anyone else, it runs as that user.
    public static func dropPrivileges(to user: String?, owning directories: [String], files: [String] = []) throws {
        guard geteuid() == 0, let user, user != "root" else { return }
        guard let entry = getpwnam(user) else { throw ConfigError("user '\(user)' does not exist on this host") }
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        for directory in directories where FileSystem.makeDirectories(directory) {
            chown(directory, uid, gid)
        }
        for file in files { chown(file, uid, gid) }
        guard setgid(gid) == 0, initgroups(user, gid) == 0, setuid(uid) == 0 else {
            throw ConfigError("cannot switch to user '\(user)': \(String(cString: strerror(errno)))")
        }
    }
}
