import BrineCore
import BrineTesting
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The multi-master rounds of `brine-bench multimaster`: two brine-masters on 127.0.0.1 and 127.0.0.2,
/// on the same ports, with one master key pair and `auto_accept`, each with its own job cache.
///
/// - `hot`: a swarm whose every minion speaks to both masters; `brine '*' test.ping` from each master in
///   turn, CLI start to all answered, with each master's CPU and PSS.
/// - `failover`: hot swarm minions and failover-mode brine-minions (`master_type: failover`, master a
///   first); a stream of `test.ping` jobs from master b to the swarm, master a killed with SIGKILL as the
///   third starts; the returns missing from the stream, and the time until every failover minion answers b.
public struct MultiMasterBenchmark: Sendable {
    public let base: SwarmBenchmark

    public init(_ base: SwarmBenchmark) {
        self.base = base
    }

    private var programs: BenchMaster.Programs { base.programs }

    /// Master a, then master b beside it.
    private func masters(_ folder: String) throws -> (BenchMaster, BenchMaster) {
        let a = try BenchMaster(.brine, directory: folder + "/a", programs: programs)
        do {
            return (a, try BenchMaster(.brine, directory: folder + "/b", programs: programs, interface: "127.0.0.2", beside: a))
        } catch {
            a.stop()
            throw error
        }
    }

    private func startSwarm(_ count: Int, masters: [BenchMaster], folder: String) throws -> (SwarmProcess, Double?) {
        let swarm = try SwarmProcess(
            binary: base.swarmBinary, masters: masters, count: count, keyDir: base.keyDir, startRate: base.startRate,
            maxStarting: base.maxStarting, outputPath: folder + "/swarm.log")
        let end = Timestamp.monotonic() + 120 + Double(count) / 10
        var seconds: Double?
        while seconds == nil && Timestamp.monotonic() < end && masters.allSatisfy({ $0.failure == nil }) {
            seconds = try swarm.authenticationSeconds()
            usleep(200_000)
        }
        return (swarm, seconds)
    }

    public func hot(minions: Int) throws -> MultiMasterRound {
        let folder = base.directory + "/multimaster-\(minions)"
        FileSystem.makeDirectories(folder)
        try base.prepareKeys(minions)
        let (a, b) = try masters(folder)
        defer { a.stop(); b.stop() }
        var round = MultiMasterRound(minions: minions)
        let (swarm, authenticated) = try startSwarm(minions, masters: [a, b], folder: folder)
        defer { swarm.stop() }
        round.authenticationSeconds = authenticated
        guard authenticated != nil else {
            round.note = a.failure ?? b.failure ?? "not all \(minions) minions authenticated with both masters"
            return round
        }
        Self.waitForConnections(2 * minions, port: a.publishPort)
        for master in [a, b] { Self.waitUntilQuiet(master) }
        for master in [a, b] {
            var figures = MultiMasterRound.PerMaster(address: master.interface)
            var times: [Double] = []
            var cpu: [Double] = []
            var fewest = minions
            for attempt in 1...base.pings {
                Self.waitUntilQuiet(master)
                let before = ProcessTable.cpuSeconds(of: master.process.pid)
                let ping = try TimedCommand.run(
                    master.cli(["-t", String(Int(base.cliTimeout)), "--out", "txt", "*", "test.ping"]),
                    outputPath: folder + "/ping-\(master.interface)-\(attempt).out", limit: base.cliTimeout + 120) {}
                cpu.append(ProcessTable.cpuSeconds(of: master.process.pid) - before)
                let answered = Self.answered(ping.output)
                fewest = min(fewest, answered)
                if answered == minions { times.append(ping.seconds) }
                if answered < minions || ping.killed { break }
            }
            figures.pingSeconds = Self.median(times)
            figures.runSeconds = times
            figures.answered = fewest
            figures.cpuSeconds = Self.median(cpu)
            figures.proportionalBytes = ProcessTable.proportionalBytes(of: master.process.pid)
            round.masters.append(figures)
        }
        return round
    }

    public func failover(hotMinions: Int, failoverMinions: Int, aliveInterval: Int, jobs: Int = 8) throws -> FailoverRound {
        let folder = base.directory + "/failover-\(hotMinions)-\(failoverMinions)"
        FileSystem.makeDirectories(folder)
        try base.prepareKeys(hotMinions)
        let (a, b) = try masters(folder)
        defer { a.stop(); b.stop() }
        var round = FailoverRound(hotMinions: hotMinions, failoverMinions: failoverMinions, aliveInterval: aliveInterval)
        let (swarm, authenticated) = try startSwarm(hotMinions, masters: [a, b], folder: folder)
        defer { swarm.stop() }
        guard authenticated != nil else {
            round.note = a.failure ?? b.failure ?? "not all \(hotMinions) swarm minions authenticated with both masters"
            return round
        }
        let minions = try (0..<failoverMinions).map { try startFailoverMinion($0, a: a, aliveInterval: aliveInterval, folder: folder) }
        defer {
            for minion in minions {
                ProcessTable.stop(minion, grace: 10)
                BenchProcesses.shared.forget(minion)
            }
        }
        let onA = a.cli(["-t", "5", "--out", "txt", "fo-*", "test.ping"])
        let end = Timestamp.monotonic() + 60
        while Self.answered((try? ProcessRunner.run(onA))?.stdout ?? "") < failoverMinions {
            guard Timestamp.monotonic() < end else {
                round.note = "the failover minions did not all answer master a within 60 s"
                return round
            }
            usleep(500_000)
        }
        Self.waitForConnections(2 * hotMinions + failoverMinions, port: a.publishPort)
        var watcher: (thread: DaemonThread, moment: Moment)?
        for job in 0..<jobs {
            let ping = try TimedCommand.run(
                b.cli(["-t", "30", "--out", "txt", "swarm-*", "test.ping"]), outputPath: folder + "/stream-\(job).out", limit: 150
            ) {
                guard job == 2, watcher == nil else { return }
                a.process.crash()
                watcher = Self.watchFailover(b, minions: failoverMinions, since: Timestamp.monotonic())
            }
            let answered = Self.answered(ping.output)
            round.jobs += 1
            round.lostReturns += max(0, hotMinions - answered)
            if answered == hotMinions { round.completeJobs += 1 }
        }
        guard let watcher else {
            round.note = "master a was not killed: the third job ended before it could be"
            return round
        }
        watcher.thread.join()
        round.failoverSeconds = watcher.moment.seconds.withLock { $0 }
        if round.failoverSeconds == nil { round.note = "not every failover minion answered master b within 60 s of the kill" }
        return round
    }

    /// A brine-minion in failover mode, master a first.
    private func startFailoverMinion(_ index: Int, a: BenchMaster, aliveInterval: Int, folder: String) throws -> ChildProcess {
        let configDir = folder + "/fo-\(index)-etc"
        FileSystem.makeDirectories(configDir)
        try FileSystem.write(configDir + "/minion", """
            root_dir: \(folder)/fo-\(index)
            master: [127.0.0.1, 127.0.0.2]
            master_type: failover
            master_alive_interval: \(aliveInterval)
            master_port: \(a.retPort)
            id: fo-\(index)
            user: \(LoopbackMaster.currentUser)
            acceptance_wait_time: 1
            log_level: info
            """)
        let minion = try ChildProcess([a.program("brine-minion"), "-c", configDir], outputPath: folder + "/fo-\(index).log")
        BenchProcesses.shared.register(minion)
        return minion
    }

    /// When every failover minion answered master b, in seconds after the kill; set by the watching thread.
    final class Moment: Sendable {
        let seconds = Mutex<Double?>(nil)
    }

    /// From `since`, asks master b again and again whether every failover minion answers it; records
    /// when they all do (nothing after 60 s).
    private static func watchFailover(_ b: BenchMaster, minions: Int, since: Double) -> (DaemonThread, Moment) {
        let ping = b.cli(["-t", "1", "--gather-job-timeout", "1", "--out", "txt", "fo-*", "test.ping"])
        let moment = Moment()
        let thread = DaemonThread {
            while Timestamp.monotonic() - since < 60 {
                if answered((try? ProcessRunner.run(ping))?.stdout ?? "") >= minions {
                    moment.seconds.withLock { $0 = Timestamp.monotonic() - since }
                    return
                }
                usleep(100_000)
            }
        }
        return (thread, moment)
    }

    static func answered(_ output: String) -> Int {
        output.split(separator: "\n").filter { $0.hasSuffix(": True") }.count
    }

    static func median(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.sorted()[values.count / 2]
    }

    /// Until the publish port holds `count` connections (both masters listen on it), at most 60 s.
    static func waitForConnections(_ count: Int, port: Int) {
        let end = Timestamp.monotonic() + 60
        while Loopback.establishedConnections(toPort: port) < count && Timestamp.monotonic() < end { usleep(200_000) }
    }

    /// Until the master's CPU time stops growing (start-up requests done), at most 60 s.
    static func waitUntilQuiet(_ master: BenchMaster) {
        let end = Timestamp.monotonic() + 60
        var previous = ProcessTable.cpuSeconds(of: master.process.pid)
        while Timestamp.monotonic() < end && master.failure == nil {
            usleep(500_000)
            let now = ProcessTable.cpuSeconds(of: master.process.pid)
            if now - previous < 0.05 { return }
            previous = now
        }
    }
}
