import BrineCore
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// The `brine-swarm` process: splits the minions over worker processes (each minion costs four file
/// descriptors and a process may hold 20,000 here), starts them all at once when every worker has its
/// keys, and reports for the whole swarm on stdout:
///
///     keys: 10000 ready in 2.1 s (0 generated)
///     authenticated 10000 minions in 21.365 s
///     job 20261121204120614339 test.ping: 10000/10000 returns acknowledged in 0.912 s (10965 returns/s)
///
/// A minion counts as authenticated once its start-up is done: `_auth` accepted, `_pillar` and the
/// start events answered. Runs until SIGINT/SIGTERM or `duration`; stops every worker it started.
public final class SwarmSupervisor {
    /// How long to wait for the other workers' tally of a job once one worker has reported it.
    public static let jobReportWait = 10.0

    private let configuration: SwarmConfiguration
    private let processes: Int
    private let duration: Double?
    private let workerArguments: (WorkerSlice) -> [String]

    /// What one worker process runs: its minions, and its share of the start rate and of `maxStarting`.
    public struct WorkerSlice: Sendable {
        public let first: Int
        public let count: Int
        public let startRate: Double
        public let maxStarting: Int
    }

    /// - Parameters:
    ///   - processes: worker processes; 0 picks enough to stay under the descriptor limit.
    ///   - workerArguments: the command line that runs one worker on a slice.
    public init(
        configuration: SwarmConfiguration, processes: Int, duration: Double?,
        workerArguments: @escaping (WorkerSlice) -> [String]
    ) {
        self.configuration = configuration
        self.processes = processes > 0 ? processes : Self.processesNeeded(for: configuration.count * configuration.masters.count)
        self.duration = duration
        self.workerArguments = workerArguments
    }

    /// Enough processes that each stays under the hard descriptor limit, with room to spare: `count`
    /// is minions times masters.
    public static func processesNeeded(for count: Int) -> Int {
        var limit = rlimit()
        let hard = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 ? Int(min(limit.rlim_max, 1 << 20)) : 1024
        let perProcess = max((hard - 500) / SwarmConfiguration.descriptorsPerMinion, 1)
        return max(1, (count + perProcess - 1) / perProcess)
    }

    /// Runs the swarm; returns the exit code (0 after a requested stop, 1 when a worker failed).
    public func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let termination: TerminationWatch
        do {
            termination = try TerminationWatch()
        } catch {
            Console.error("brine-swarm: \(error)\n")
            return 1
        }
        Console.out("brine-swarm: \(configuration.count) minions (\(configuration.id(configuration.firstIndex)) to "
            + "\(configuration.id(configuration.firstIndex + configuration.count - 1))) in \(processes) process"
            + "\(processes == 1 ? "" : "es"), master\(configuration.masters.count == 1 ? "" : "s") "
            + "\(configuration.masters.joined(separator: ", ")):\(configuration.masterPort)\n")
        var workers: [WorkerProcess] = []
        defer { for worker in workers { worker.stop(grace: 5) } }
        let base = configuration.count / processes
        var first = configuration.firstIndex
        for index in 0..<processes {
            let count = base + (index < configuration.count % processes ? 1 : 0)
            do {
                let slice = WorkerSlice(
                    first: first, count: count, startRate: configuration.startRate / Double(processes),
                    maxStarting: configuration.maxStarting > 0 ? max(1, configuration.maxStarting / processes) : 0)
                workers.append(try WorkerProcess(workerArguments(slice)))
            } catch {
                Console.error("brine-swarm: \(error)\n")
                return 1
            }
            first += count
        }
        return supervise(workers, termination: termination)
    }

    private func supervise(_ workers: [WorkerProcess], termination: TerminationWatch) -> Int32 {
        var readers = workers.map { LineReader(fileDescriptor: $0.output) }
        var state = SupervisorState(workers: workers.count, total: configuration.count)
        let started = Timestamp.now()
        while !termination.requested {
            var descriptors = readers.map { pollfd(fd: $0.fileDescriptor, events: Int16(POLLIN), revents: 0) }
            descriptors.append(pollfd(fd: termination.wake.fileDescriptor, events: Int16(POLLIN), revents: 0))
            _ = poll(&descriptors, nfds_t(descriptors.count), 200)
            let now = Timestamp.now()
            for index in readers.indices where descriptors[index].revents != 0 {
                for line in readers[index].readLines() { state.take(line, from: index, now: now) }
                if readers[index].atEnd {
                    Console.error("brine-swarm: worker \(workers[index].pid) exited\n")
                    return 1
                }
            }
            if state.allKeysLoaded && state.goTime == nil {
                Console.out("keys: \(state.keyCount) ready in \(String(format3: now - started)) s (\(state.generated) generated)\n")
                for worker in workers { worker.send("go") }
                state.goTime = now
            }
            for line in state.report(now: now) { Console.out(line + "\n") }
            if let goTime = state.goTime, let duration, now - goTime >= duration { break }
        }
        return 0
    }
}
