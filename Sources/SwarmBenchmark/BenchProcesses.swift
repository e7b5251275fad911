import BrineCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Every process the benchmark has running, so that Ctrl-C or SIGTERM stops them all (a salt-master
/// with its whole tree) before the benchmark exits, instead of leaving a master holding ports.
public final class BenchProcesses: Sendable {
    public static let shared = BenchProcesses()

    private let running = Mutex<[ChildProcess]>([])

    func register(_ process: ChildProcess) {
        running.withLock { $0.append(process) }
    }

    func forget(_ process: ChildProcess) {
        running.withLock { running in running.removeAll { $0 === process } }
    }

    /// Takes SIGINT and SIGTERM from now on: they stop every registered process, then end this one
    /// with status 130. Call before starting other threads, so they inherit the blocked signals.
    public func stopAllOnTermination() {
        Daemon.blockTerminationSignals()
        DaemonThread.detached { [self] in
            Daemon.waitForTermination()
            Console.error("interrupted: stopping the processes the benchmark started\n")
            for process in running.withLock({ $0 }) { ProcessTable.stop(process, grace: 5) }
            exit(130)
        }
    }
}
