#if canImport(Glibc)
import Glibc
#endif

/// Process plumbing shared by brine-master and brine-minion.
public enum Daemon {
    /// What both daemons do before their first socket: log as configured, make their private
    /// `directories` (pki dir, cachedir, sock_dir: 0700, however they were before), give up root for
    /// `user`, and take termination signals synchronously.
    public static func prepare(logLevel: String, logFile: String, user: String?, directories: [String]) throws {
        LoggingSetup.bootstrap(level: logLevel, logFile: logFile, console: true)
        for directory in directories { try FileSystem.makePrivateDirectory(directory) }
        try dropPrivileges(to: user, owning: directories + [FileSystem.parent(of: logFile)])
        blockTerminationSignals()
    }

    /// Blocks SIGINT and SIGTERM in this thread and every thread started after, so that
    /// `waitForTermination` can take them synchronously instead of in a signal handler.
    public static func blockTerminationSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// The running program's own file, for starting another process of it.
    public static var executablePath: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// Waits for SIGINT or SIGTERM; returns the signal's number.
    @discardableResult
    public static func waitForTermination() -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        var signal: Int32 = 0
        while sigwait(&set, &signal) != 0 {}
        return signal
    }

    /// Wakes `waitForTermination` as a SIGTERM would: how a thread that cannot go on gets the main
    /// thread to stop the daemon (`DaemonFailure`). Every thread blocks SIGTERM, so nothing else takes it.
    public static func raiseTermination() {
        kill(getpid(), SIGTERM)
    }

    /// Salt's `user` option: a daemon started as root gives up root for that user, after making its
    /// directories and handing them over. Started as anyone else, it runs as that user.
    public static func dropPrivileges(to user: String?, owning directories: [String]) throws {
        guard geteuid() == 0, let user, user != "root" else { return }
        guard let entry = getpwnam(user) else { throw ConfigError("user '\(user)' does not exist on this host") }
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        for directory in directories where FileSystem.makeDirectories(directory) {
            chown(directory, uid, gid)
        }
        guard setgid(gid) == 0, initgroups(user, gid) == 0, setuid(uid) == 0 else {
            throw ConfigError("cannot switch to user '\(user)': \(String(cString: strerror(errno)))")
        }
    }
}
