import ArgumentParser
import BrineCore
import MessagePack
import Swarm
import YAML

#if canImport(Glibc)
import Glibc
#endif

/// `brine-swarm`: many simulated minions in a few processes, to load a master (brine-master or a stock
/// salt-master) the way a fleet does.
struct BrineSwarmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brine-swarm",
        abstract: "Simulated minions speaking Salt 3008's protocol, for load tests of a master.",
        discussion: """
            Each minion has its own id, RSA key (kept in --key-dir), SUB and DEALER sockets. It authenticates \
            (until accepted), sends its grains with _pillar and its start events, then answers test.ping, \
            test.echo, test.sleep, grains.items and saltutil.find_job with real encrypted returns. Prints \
            'authenticated N minions in X s' once all are up, and one line per job with the returns the master \
            acknowledged. Runs until SIGINT/SIGTERM or --duration.
            """)

    @Option(help: "Number of minions.") var count = 100
    @Option(help: "Minion ids are <prefix><number>, numbered from 0.") var idPrefix = "swarm-"
    @Option(help: "The master's host.") var master = "127.0.0.1"
    @Option(help: "The master's ret_port.") var masterPort = 4506
    @Option(help: "Publish port to connect to (default: the one the master announces).") var publishPort: Int?
    @Option(help: "A YAML or JSON file with a map of grains merged over the defaults (os: Debian, num_cpus: 2, ...).")
    var grains: String?
    @Option(help: "Minions started per second, over the whole swarm.") var startRate = 500.0
    @Option(help: "At most this many minions starting up at once (first _auth to last start-up answer); 0: no limit.")
    var maxStarting = 0
    @Option(help: "Where minion keys are kept between runs (made on first use: 50-100 ms each).")
    var keyDir = (getenv("HOME").map { String(cString: $0) } ?? "/tmp") + "/.cache/brine-swarm/keys"
    @Option(help: "Worker processes (0: as many as the file descriptor limit needs, ~4 per minion).") var processes = 0
    @Option(help: "Poll threads per worker process.") var threads = 1
    @Option(help: "Stop after this many seconds from the start of the minions (default: run until SIGTERM).")
    var duration: Double?
    @Option(help: "Seconds before an unanswered _auth is sent again (Salt's auth_timeout).") var authTimeout = 5.0
    @Option(help: "Seconds before asking again while the key is pending (Salt's acceptance_wait_time).")
    var acceptanceWait = 10.0
    @Option(help: "Log level on stderr: debug, info, warning, error.") var logLevel = "warning"

    @Flag(help: .hidden) var worker = false
    @Option(help: .hidden) var firstIndex = 0

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1") }
        guard startRate > 0, maxStarting >= 0 else { throw ValidationError("--start-rate must be positive, --max-starting not negative") }
        guard threads > 0, processes >= 0 else { throw ValidationError("--threads must be positive, --processes not negative") }
    }

    func run() throws {
        LoggingSetup.bootstrap(level: logLevel, logFile: nil, console: true)
        var configuration = SwarmConfiguration(count: count, idPrefix: idPrefix, keyDir: keyDir)
        configuration.firstIndex = firstIndex
        configuration.master = master
        configuration.masterPort = masterPort
        configuration.publishPort = publishPort
        configuration.startRate = startRate
        configuration.maxStarting = maxStarting
        configuration.threads = threads
        configuration.authTimeout = authTimeout
        configuration.acceptanceWait = acceptanceWait
        if let grains {
            do {
                configuration.grains = try YAMLValue.parse(FileSystem.readString(grains))
            } catch {
                throw ValidationError("--grains \(grains): \(error)")
            }
            guard configuration.grains.mapValue != nil else { throw ValidationError("--grains \(grains) must hold a map") }
        }
        if worker { throw ExitCode(SwarmWorker.run(configuration)) }
        let supervisor = SwarmSupervisor(configuration: configuration, processes: processes, duration: duration) { slice in
            workerArguments(slice)
        }
        throw ExitCode(supervisor.run())
    }

    /// The command line of one worker: this program on a slice, with every other option passed on.
    private func workerArguments(_ slice: SwarmSupervisor.WorkerSlice) -> [String] {
        var arguments = [
            Self.executablePath(), "--worker", "--first-index", String(slice.first), "--count", String(slice.count),
            "--start-rate", String(slice.startRate), "--max-starting", String(slice.maxStarting), "--id-prefix", idPrefix, "--master", master,
            "--master-port", String(masterPort), "--key-dir", keyDir, "--threads", String(threads),
            "--auth-timeout", String(authTimeout), "--acceptance-wait", String(acceptanceWait), "--log-level", logLevel,
        ]
        if let publishPort { arguments += ["--publish-port", String(publishPort)] }
        if let grains { arguments += ["--grains", grains] }
        return arguments
    }

    private static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

BrineSwarmCommand.main()
