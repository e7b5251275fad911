import BrineCore

#if canImport(Glibc)
public import Glibc
#endif

/// A `brine-swarm` run against a `BenchMaster`, read through its output file: when all minions are
/// authenticated, and the master's return rate for each job.
public final class SwarmProcess {
    public let count: Int
    private let process: ChildProcess
    private let outputPath: String

    /// What the swarm printed for one job (`JobTally.summary`).
    public struct JobLine: Sendable {
        public let function: String
        public let acknowledged: Int
        public let matched: Int
        public let returnsPerSecond: Double?
    }

    /// A swarm of `count` minions, each speaking to every one of `masters` (which share their ports).
    public init(
        binary: String, masters: [BenchMaster], count: Int, keyDir: String, startRate: Double, maxStarting: Int,
        outputPath: String
    ) throws {
        self.count = count
        self.outputPath = outputPath
        process = try ChildProcess(
            [binary, "--count", String(count), "--master", masters.map(\.interface).joined(separator: ","),
             "--master-port", String(masters[0].retPort), "--key-dir", keyDir,
             "--start-rate", String(startRate), "--max-starting", String(maxStarting)],
            outputPath: outputPath)
        BenchProcesses.shared.register(process)
    }

    deinit { stop() }

    public var output: String {
        (try? FileSystem.readString(outputPath)) ?? ""
    }

    public var pid: pid_t { process.pid }

    /// Seconds the swarm took to authenticate every minion, once it says so; nil while it has not.
    /// Throws when the swarm exited.
    public func authenticationSeconds() throws -> Double? {
        for line in output.split(separator: "\n") where line.hasPrefix("authenticated ") {
            let words = line.split(separator: " ")
            if words.count >= 5, let seconds = Double(words[4]) { return seconds }
        }
        guard process.isRunning else {
            throw ProcessRunner.Failure(description: "brine-swarm exited:\n\(output.suffix(2000))")
        }
        return nil
    }

    /// The jobs the swarm has reported so far, in order.
    public var jobs: [JobLine] {
        output.split(separator: "\n").compactMap { line -> JobLine? in
            // job <jid> <fun>: <acked>/<matched> returns acknowledged in <span> s (<rate> returns/s)
            let words = line.split(separator: " ")
            guard words.count >= 7, words[0] == "job", words[2].hasSuffix(":") else { return nil }
            let counts = words[3].split(separator: "/")
            guard counts.count == 2, let acknowledged = Int(counts[0]), let matched = Int(counts[1]) else { return nil }
            let rate = words.count >= 11 ? Double(words[9].dropFirst()) : nil
            return JobLine(function: String(words[2].dropLast()), acknowledged: acknowledged, matched: matched, returnsPerSecond: rate)
        }
    }

    public func stop() {
        ProcessTable.stop(process, grace: 10)
        BenchProcesses.shared.forget(process)
    }
}
