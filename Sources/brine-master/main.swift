import BrineCore
import JobCache
import Logging
import Master
import OptionParsing
import Programs
import SaltWire
import YAML
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// `brine-master`: the master daemon, in the foreground (systemd or the shell supervises it).
let program = Programs.brineMaster
let parsed = program.commandLine(dependencies: [
    ("libyaml", YAMLValue.libraryVersion), ("libzmq", ZMQContext.libraryVersion), ("OpenSSL", CryptoLibrary.version),
    ("SQLite", JobCache.sqliteVersion),
])

var config = program.masterConfig(parsed)
if let logLevel = parsed.string("log_level") { config.logLevel = logLevel }
if let logFile = parsed.string("log_file") { config.logFile = logFile }
if let user = parsed.string("user") { config.user = user }
if let parent = parsed.int("publish_server") {
    LoggingSetup.bootstrap(level: config.logLevel, logFile: config.logFile, console: true)
    PublishServer.run(config: config, parent: Int32(parent))
}
do {
    try Daemon.prepare(
        logLevel: config.logLevel, logFile: config.logFile, user: config.user,
        directories: [config.pkiDir, config.cachedir, config.sockDir], files: config.auditLog.map { [$0] } ?? [])
} catch {
    Console.error("brine-master: cannot start: \(error)\n")
    exit(1)
}
let master: Master
do {
    master = try Master(
        config: config,
        publishServerCommand: [Daemon.executablePath] + CommandLine.arguments.dropFirst() + [PublishServer.option, String(getpid())],
        onThreadFailure: Daemon.raiseTermination)
    try master.start()
} catch {
    Console.error("brine-master: cannot start: \(error)\n")
    exit(1)
}
Daemon.waitForTermination()
// A thread that stopped for good has already said why, and shutting down.
let failed = master.failure.reason != nil
if !failed { master.context.logger.info("brine-master shutting down") }
master.stop()
exit(failed ? 1 : 0)
