import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// Runs a command and times it from spawn to exit (checked every 2 ms), calling `sample` every 100 ms
/// meanwhile; the command is killed when it outlives `limit`.
enum TimedCommand {
    struct Outcome {
        let seconds: Double
        let output: String
        let killed: Bool
    }

    static let samplingInterval = 0.1

    static func run(_ argv: [String], outputPath: String, limit: Double, sample: () -> Void) throws -> Outcome {
        FileSystem.remove(outputPath)
        let start = Timestamp.monotonic()
        let process = try ChildProcess(argv, outputPath: outputPath)
        BenchProcesses.shared.register(process)
        defer { BenchProcesses.shared.forget(process) }
        var nextSample = start
        var killed = false
        while process.isRunning {
            let now = Timestamp.monotonic()
            if now - start > limit {
                process.crash()
                killed = true
                break
            }
            if now >= nextSample {
                sample()
                nextSample = now + samplingInterval
            }
            usleep(2_000)
        }
        let seconds = Timestamp.monotonic() - start
        return Outcome(seconds: seconds, output: (try? FileSystem.readString(outputPath)) ?? "", killed: killed)
    }
}
