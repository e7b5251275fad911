import BrineCore
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The master's handle on its publish server process: started with the master's own command line
/// plus `PublishServer.option`, its output going where the master's goes, stopped with the master.
struct PublishServerProcess {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let command: [String]
    let logger: Logger
    private var process: ChildProcess?
    private(set) var startedAt = 0.0
    /// Starts that failed since the last one that worked.
    private(set) var failedStarts = 0

    init(command: [String], logger: Logger) {
        self.command = command
        self.logger = logger
    }

    mutating func start() throws {
        startedAt = Timestamp.monotonic()
        do {
            let process = try ChildProcess(command, outputPath: nil)
            self.process = process
            failedStarts = 0
            logger.debug("started the publish server, pid \(process.pid)")
        } catch {
            failedStarts += 1
            throw Failure(description: "cannot start the publish server: \(error)")
        }
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// Why the server is gone, for the log.
    var exitFailure: Failure {
        guard let process, let status = process.exitStatus else { return Failure(description: "the publish server is not running") }
        let how = status & 0x7f == 0 ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(status & 0x7f)"
        return Failure(description: "the publish server (pid \(process.pid)) \(how)")
    }

    func stop() {
        process?.stop(grace: 2)
    }

    /// SIGKILL: for a server that stopped taking publications (it is then started again).
    func kill() {
        process?.crash()
    }
}
