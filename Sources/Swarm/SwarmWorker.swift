import BrineCore
import Logging
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// One worker process of the swarm: it owns the minions of its slice and talks to the supervisor in
/// lines. On stdout: `keys <count> <generated> <seconds>` once its identities are loaded,
/// `ready <n> <epoch seconds of the latest>` as minions finish starting, and a `JobTally.workerLine` per settled job. On stdin: `go`, after
/// which the minions start; end of input (the supervisor stopped or died) or SIGTERM stops it.
public enum SwarmWorker {
    /// How often progress is written.
    static let reportInterval = 0.2

    /// Runs the slice; returns the exit code.
    public static func run(_ configuration: SwarmConfiguration) -> Int32 {
        let logger = Logger(label: "brine.swarm")
        let progress = SwarmProgress()
        let failure = DaemonFailure(program: "brine-swarm worker", logger: logger, wake: progress.stop)
        do {
            try serve(configuration, progress: progress, failure: failure, logger: logger)
            return failure.reason == nil ? 0 : 1
        } catch {
            logger.critical("\(error)")
            return 1
        }
    }

    /// Runs the minions until a signal, the end of stdin, or a poll thread that cannot go on (which
    /// reports to `failure` and stops `progress`).
    private static func serve(_ configuration: SwarmConfiguration, progress: SwarmProgress, failure: DaemonFailure, logger: Logger) throws {
        let termination = try TerminationWatch()
        raiseDescriptorLimit()
        let started = Timestamp.monotonic()
        let (identities, generated) = try SwarmIdentity.load(
            ids: configuration.ids, directory: configuration.keyDir, threads: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        Console.out("keys \(identities.count) \(generated) \(Timestamp.monotonic() - started)\n")
        var input = LineReader(fileDescriptor: STDIN_FILENO)
        guard waitForGo(&input, termination: termination) else { return }
        let zmq = try ZMQContext(ioThreads: 1, maxSockets: Int32(2 * identities.count * configuration.masters.count + 64))
        defer { zmq.shutdown() }
        let threads = max(1, min(configuration.threads, identities.count))
        let rate = max(configuration.startRate, 0.001)
        let firstStart = Timestamp.monotonic()
        let grains = SwarmGrains(overrides: configuration.grains)
        let shards = try (0..<threads).map { shard in
            SwarmShard(
                identities: stride(from: shard, to: identities.count, by: threads).map { identities[$0] },
                configuration: configuration, zmq: zmq, grains: grains, progress: progress, wake: try WakeSignal(),
                logger: logger, firstStart: firstStart + Double(shard) / rate, startInterval: Double(threads) / rate,
                maxStarting: configuration.maxStarting > 0 ? max(1, configuration.maxStarting / threads) : 0)
        }
        let running = shards.enumerated().map { index, shard in
            let loop = DaemonLoop("poll \(index + 1)", failure: failure, logger: logger, isShutdown: ZMQError.isTermination)
            return DaemonThread { shard.run(loop) }
        }
        report(progress: progress, input: &input, termination: termination)
        progress.stop()
        for shard in shards { shard.wake.signal() }
        for thread in running { thread.join() }
    }

    /// Blocks until the supervisor says `go`; false when it went away or a signal came first.
    private static func waitForGo(_ input: inout LineReader, termination: TerminationWatch) -> Bool {
        while !termination.requested && !input.atEnd {
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: termination.wake.fileDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&descriptors, 2, -1) > 0, descriptors[0].revents != 0 else { continue }
            if input.readLines().contains("go") { return true }
        }
        return false
    }

    /// Writes progress until a signal, the end of stdin, or a shard giving up.
    private static func report(progress: SwarmProgress, input: inout LineReader, termination: TerminationWatch) {
        var reportedReady = 0
        while !termination.requested && !progress.stopping && !input.atEnd {
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: termination.wake.fileDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            _ = poll(&descriptors, 2, Int32(reportInterval * 1000))
            if descriptors[0].revents != 0 { _ = input.readLines() }
            let ready = progress.ready
            if ready.count != reportedReady {
                reportedReady = ready.count
                Console.out("ready \(ready.count) \(ready.last)\n")
            }
            for job in progress.takeSettledJobs() { Console.out(job.workerLine + "\n") }
        }
    }

    /// Each minion costs four descriptors; the soft limit may be below the hard one.
    private static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
