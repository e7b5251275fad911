import BrineCore
public import BrineTesting
import Swarm

#if canImport(Glibc)
import Glibc
#endif

/// One round of the swarm benchmark: a fresh master, N simulated minions authenticating, then
/// `<cli> '*' test.ping` timed from its start until every minion has answered (`pings` times, as
/// long as every minion answers), with the master's CPU time and memory read from /proc meanwhile.
public struct SwarmBenchmark: Sendable {
    public let programs: BenchMaster.Programs
    public let swarmBinary: String
    public let keyDir: String
    public let startRate: Double
    /// The swarm's `--max-starting`: how many minions may be starting up at once.
    public let maxStarting: Int
    /// Scratch space; each round gets a folder of its own.
    public let directory: String
    /// The CLI's `-t`: large enough for a slow master to answer.
    public let cliTimeout: Double
    /// How many times `test.ping` runs per round; one run where not every minion answers ends the round.
    public let pings: Int

    public init(
        programs: BenchMaster.Programs, swarmBinary: String, keyDir: String, startRate: Double, maxStarting: Int,
        directory: String, cliTimeout: Double = 60, pings: Int = 3
    ) {
        self.programs = programs
        self.swarmBinary = swarmBinary
        self.keyDir = keyDir
        self.startRate = startRate
        self.maxStarting = maxStarting
        self.directory = directory
        self.cliTimeout = cliTimeout
        self.pings = max(pings, 1)
    }

    /// Runs one round. `whileUp` runs after the measurement, with the master and the swarm still up
    /// (the smoke test checks more functions there).
    public func run(
        _ kind: BenchMaster.Kind, minions: Int, whileUp: (BenchMaster, SwarmProcess) throws -> Void = { _, _ in }
    ) throws -> SwarmRound {
        let folder = directory + "/\(kind.rawValue)-\(minions)"
        FileSystem.makeDirectories(folder)
        try prepareKeys(minions)
        let master = try BenchMaster(kind, directory: folder, programs: programs)
        defer { master.stop() }
        var round = SwarmRound(system: kind, minions: minions)
        var memory = PeakMemory(pid: master.process.pid)
        let cpuAtStart = ProcessTable.cpuSeconds(of: master.process.pid)
        let swarm = try SwarmProcess(
            binary: swarmBinary, masters: [master], count: minions, keyDir: keyDir, startRate: startRate,
            maxStarting: maxStarting, outputPath: folder + "/swarm.log")
        defer { swarm.stop() }
        let authenticationLimit = 120 + Double(minions) / 20
        let authenticationEnd = Timestamp.monotonic() + authenticationLimit
        while round.authenticationSeconds == nil && Timestamp.monotonic() < authenticationEnd && master.failure == nil {
            round.authenticationSeconds = try swarm.authenticationSeconds()
            memory.refresh()
            memory.sample()
            usleep(200_000)
        }
        guard round.authenticationSeconds != nil else {
            round.note = master.failure ?? "not all \(minions) minions authenticated within \(Int(authenticationLimit)) s"
                + (master.lastComplaint.map { "; the master's last complaint: \($0)" } ?? "")
            round.peakResidentBytes = memory.peak
            return round
        }
        round.authenticationCPUSeconds = ProcessTable.cpuSeconds(of: master.process.pid) - cpuAtStart
        memory.refresh()
        let connected = settle(master, minions: minions, memory: &memory)
        var killed = false
        for attempt in 1...pings {
            if attempt > 1 { _ = settle(master, minions: 0, memory: &memory) }
            let jobsBefore = swarm.jobs.count
            let cpuBefore = ProcessTable.cpuSeconds(of: master.process.pid)
            let ping = try TimedCommand.run(
                master.cli(["-t", String(Int(cliTimeout)), "--out", "txt", "*", "test.ping"]),
                outputPath: folder + "/ping\(attempt).out", limit: cliTimeout + 120) { memory.sample() }
            let cpu = ProcessTable.cpuSeconds(of: master.process.pid) - cpuBefore
            let answered = ping.output.split(separator: "\n").filter { $0.hasSuffix(": True") }.count
            round.pings.append(PingRun(
                seconds: ping.seconds, answered: answered, cpuSeconds: cpu,
                returnsPerSecond: waitForJob(swarm, after: jobsBefore)?.returnsPerSecond))
            killed = ping.killed
            if answered < minions || killed || master.failure != nil { break }
        }
        round.peakResidentBytes = max(memory.peak, ProcessTable.residentBytes(of: master.process.pid))
        round.proportionalBytes = ProcessTable.proportionalBytes(of: master.process.pid)
        if let failure = master.failure {
            round.note = failure
        } else if killed {
            round.note = "the CLI was still running after \(Int(cliTimeout + 120)) s"
        } else if round.answered < minions && connected < minions {
            round.note = "only \(connected) of \(minions) minions held a connection to the publish port"
        }
        try whileUp(master, swarm)
        return round
    }

    /// Makes the swarm's missing keys before the round's clock starts: a fresh machine makes 2048-bit
    /// keys at about 10 a second per core, which inside the authentication limit failed whole rounds.
    func prepareKeys(_ minions: Int) throws {
        let started = Timestamp.monotonic()
        let ids = SwarmConfiguration(count: minions, idPrefix: Self.idPrefix, keyDir: keyDir).ids
        let (_, generated) = try SwarmIdentity.load(ids: ids, directory: keyDir, threads: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        if generated > 0 {
            Console.error("  made \(generated) swarm keys in \(Int(Timestamp.monotonic() - started)) s, before the round\n")
        }
    }

    /// brine-swarm's default id prefix, which the benchmark's swarms use.
    static let idPrefix = "swarm-"

    /// Waits until the master holds every SUB connection and has gone quiet after the start-up
    /// requests, so the job meets every minion and the master's CPU time is the job's own. Returns how
    /// many connections the publish port held.
    func settle(_ master: BenchMaster, minions: Int, memory: inout PeakMemory) -> Int {
        let end = Timestamp.monotonic() + 60
        var connected = Loopback.establishedConnections(toPort: master.publishPort)
        while connected < minions && Timestamp.monotonic() < end && master.failure == nil {
            memory.sample()
            usleep(200_000)
            connected = Loopback.establishedConnections(toPort: master.publishPort)
        }
        var previous = ProcessTable.cpuSeconds(of: master.process.pid)
        while Timestamp.monotonic() < end && master.failure == nil {
            usleep(500_000)
            memory.sample()
            let now = ProcessTable.cpuSeconds(of: master.process.pid)
            if now - previous < 0.05 { break }
            previous = now
        }
        return connected
    }

    /// The swarm's report of the `test.ping` job, which comes once every return has been acknowledged.
    func waitForJob(_ swarm: SwarmProcess, after count: Int) -> SwarmProcess.JobLine? {
        let end = Timestamp.monotonic() + Double(SwarmSupervisor.jobReportWait) + 40
        while Timestamp.monotonic() < end {
            if let line = swarm.jobs.dropFirst(count).first(where: { $0.function == "test.ping" }) { return line }
            usleep(200_000)
        }
        return nil
    }
}
