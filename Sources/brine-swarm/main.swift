import BrineCore
import MessagePack
import OptionParsing
import Programs
import SaltWire
import Swarm
import YAML
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// `brine-swarm`: many simulated minions in a few processes, to load a master (brine-master or a stock
/// salt-master) the way a fleet does.
let program = Programs.brineSwarm
let parsed = program.commandLine(dependencies: [
    ("libyaml", YAMLValue.libraryVersion), ("libzmq", ZMQContext.libraryVersion), ("OpenSSL", CryptoLibrary.version),
    ("SQLite", nil),
])
let count = parsed.int("count") ?? 100
let idPrefix = parsed.string("id_prefix") ?? "swarm-"
let master = parsed.string("master") ?? "127.0.0.1"
let masters = master.split(separator: ",").map(String.init)
let masterPort = parsed.int("master_port") ?? 4506
let publishPort = parsed.int("publish_port")
let grains = parsed.string("grains")
let startRate = parsed.double("start_rate") ?? 500
let maxStarting = parsed.int("max_starting") ?? 0
let keyDir = parsed.string("key_dir") ?? ((getenv("HOME").map { String(cString: $0) } ?? "/tmp") + "/.cache/brine-swarm/keys")
let processes = parsed.int("processes") ?? 0
let threads = parsed.int("threads") ?? 1
let duration = parsed.double("duration")
let authTimeout = parsed.double("auth_timeout") ?? 5
let acceptanceWait = parsed.double("acceptance_wait") ?? 10
let logLevel = parsed.string("log_level") ?? "warning"

guard count > 0 else { program.exitWithUsageError("--count must be at least 1") }
guard !masters.isEmpty else { program.exitWithUsageError("--master must name at least one host") }
guard startRate > 0, maxStarting >= 0 else { program.exitWithUsageError("--start-rate must be positive, --max-starting not negative") }
guard threads > 0, processes >= 0 else { program.exitWithUsageError("--threads must be positive, --processes not negative") }

LoggingSetup.bootstrap(level: logLevel, logFile: nil, console: true)
var configuration = SwarmConfiguration(count: count, idPrefix: idPrefix, keyDir: keyDir)
configuration.firstIndex = parsed.int("first_index") ?? 0
configuration.masters = masters
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
        program.exitWithUsageError("--grains \(grains): \(error)")
    }
    guard configuration.grains.mapValue != nil else { program.exitWithUsageError("--grains \(grains) must hold a map") }
}
if parsed.flag("worker") { exit(SwarmWorker.run(configuration)) }

/// The command line of one worker: this program on a slice, with every other option passed on.
func workerArguments(_ slice: SwarmSupervisor.WorkerSlice) -> [String] {
    var arguments = [
        executablePath(), "--worker", "--first-index", String(slice.first), "--count", String(slice.count),
        "--start-rate", String(slice.startRate), "--max-starting", String(slice.maxStarting), "--id-prefix", idPrefix, "--master", master,
        "--master-port", String(masterPort), "--key-dir", keyDir, "--threads", String(threads),
        "--auth-timeout", String(authTimeout), "--acceptance-wait", String(acceptanceWait), "--log-level", logLevel,
    ]
    if let publishPort { arguments += ["--publish-port", String(publishPort)] }
    if let grains { arguments += ["--grains", grains] }
    return arguments
}

func executablePath() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return CommandLine.arguments[0] }
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

let supervisor = SwarmSupervisor(configuration: configuration, processes: processes, duration: duration) { slice in
    workerArguments(slice)
}
exit(supervisor.run())
