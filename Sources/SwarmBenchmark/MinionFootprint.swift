import BrineCore
public import BrineTesting

#if canImport(Glibc)
import Glibc
#endif

/// One real minion under its own master: the CLI's round trip to it (median of `runs`), and its resident
/// memory once idle. brine-minion runs as one process; a salt-minion's processes are summed.
public struct MinionFootprint: Sendable {
    public let system: BenchMaster.Kind
    public let roundTripSeconds: Double
    public let idleResidentBytes: Int

    public static let minionID = "bench-minion"

    /// Starts a master and one minion of `kind` under `directory`, measures, stops both.
    public static func measure(_ kind: BenchMaster.Kind, programs: BenchMaster.Programs, directory: String, runs: Int = 20) throws -> MinionFootprint {
        FileSystem.makeDirectories(directory)
        let master = try BenchMaster(kind, directory: directory + "/master", programs: programs)
        defer { master.stop() }
        let configDir = directory + "/minion-etc"
        FileSystem.makeDirectories(configDir)
        try FileSystem.write(configDir + "/minion", """
            root_dir: \(directory)/minion
            master: 127.0.0.1
            master_port: \(master.retPort)
            id: \(minionID)
            user: \(LoopbackMaster.currentUser)
            acceptance_wait_time: 1
            log_level: warning
            """)
        let program = master.program(kind == .brine ? "brine-minion" : "salt-minion")
        let minion = try ChildProcess([program, "-c", configDir], outputPath: directory + "/minion.log")
        BenchProcesses.shared.register(minion)
        defer {
            ProcessTable.stop(minion, grace: 10)
            BenchProcesses.shared.forget(minion)
        }
        let ping = master.cli(["-t", "5", minionID, "test.ping"])
        let end = Timestamp.monotonic() + 90
        while (try? ProcessRunner.run(ping))?.status != 0 {
            guard Timestamp.monotonic() < end, minion.isRunning else {
                throw ProcessRunner.Failure(description: "the \(kind.rawValue) minion did not answer test.ping within 90 s")
            }
            usleep(500_000)
        }
        var times: [Double] = []
        for _ in 0..<runs {
            let start = Timestamp.monotonic()
            let result = try ProcessRunner.run(ping)
            times.append(Timestamp.monotonic() - start)
            guard result.status == 0 else {
                throw ProcessRunner.Failure(description: "\(ping.joined(separator: " ")) failed: \(result.stdout)\(result.stderr)")
            }
        }
        sleep(2)
        return MinionFootprint(
            system: kind, roundTripSeconds: times.sorted()[times.count / 2], idleResidentBytes: ProcessTable.residentBytes(of: minion.pid))
    }
}
