import BrineCore
import Minion
import OptionParsing
import Programs
import SaltWire
import YAML
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// `brine-minion`: the minion daemon, in the foreground. Its command line is parsed by the Programs
/// declaration, which like this program stays free of Foundation: the minion's footprint is a feature.
let program = Programs.brineMinion
let parsed = program.commandLine(dependencies: [
    ("libyaml", YAMLValue.libraryVersion), ("libzmq", ZMQContext.libraryVersion), ("OpenSSL", CryptoLibrary.version),
    ("SQLite", nil),
])

var config: MinionConfig
do {
    config = try MinionConfig.load(configDir: parsed.configDir)
    if let logLevel = parsed.string("log_level") { config.logLevel = logLevel }
    if let logFile = parsed.string("log_file") { config.logFile = logFile }
    if let user = parsed.string("user") { config.user = user }
    try Daemon.prepare(
        logLevel: config.logLevel, logFile: config.logFile, user: config.user,
        directories: [config.pkiDir, config.cachedir, config.sockDir])
} catch {
    Console.error("Error: \(error)\n")
    exit(64)
}
let minion: Minion
do {
    minion = try Minion(config: config)
} catch {
    Console.error("brine-minion: cannot start: \(error)\n")
    exit(1)
}
let signals = DaemonThread {
    Daemon.waitForTermination()
    minion.stop()
}
do {
    try minion.run()
} catch let mismatch as MasterFingerMismatch {
    Console.error("brine-minion: \(mismatch)\n")
    exit(MasterFingerMismatch.exitStatus)
} catch {
    Console.error("brine-minion: \(error)\n")
    exit(1)
}
_ = signals
exit(minion.failure.reason == nil ? 0 : 1)
