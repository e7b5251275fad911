import ArgumentParser
import BrineCore
import Logging
import Master

#if canImport(Glibc)
import Glibc
#endif

/// `brine-master`: the master daemon, in the foreground (systemd or the shell supervises it).
struct BrineMasterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brine-master",
        abstract: "The Brine master: publishes jobs to minions and collects their returns (Salt 3008 wire protocol).")

    @Option(name: [.customShort("c"), .long], help: "Directory holding the 'master' config file.")
    var configDir = MasterConfig.defaultConfigDir

    @Option(name: [.customShort("l"), .long], help: "Console and log file level: debug, info, warning, error.")
    var logLevel: String?

    @Option(name: .customLong(String(PublishServer.option.dropFirst(2))), help: .hidden)
    var publishServerParent: Int32?

    func run() throws {
        var config: MasterConfig
        do {
            config = try MasterConfig.load(configDir: configDir)
        } catch {
            throw ValidationError("\(error)")
        }
        if let logLevel { config.logLevel = logLevel }
        if let publishServerParent {
            LoggingSetup.bootstrap(level: config.logLevel, logFile: config.logFile, console: true)
            PublishServer.run(config: config, parent: publishServerParent)
        }
        try Daemon.prepare(
            logLevel: config.logLevel, logFile: config.logFile, user: config.user,
            directories: [config.pkiDir, config.cachedir, config.sockDir], files: config.auditLog.map { [$0] } ?? [])
        let master: Master
        do {
            master = try Master(
                config: config,
                publishServerCommand: [Daemon.executablePath] + CommandLine.arguments.dropFirst() + [PublishServer.option, String(getpid())],
                onThreadFailure: Daemon.raiseTermination)
            try master.start()
        } catch {
            Console.error("brine-master: cannot start: \(error)\n")
            throw ExitCode(1)
        }
        Daemon.waitForTermination()
        // A thread that stopped for good has already said why, and shutting down.
        let failed = master.failure.reason != nil
        if !failed { master.context.logger.info("brine-master shutting down") }
        master.stop()
        if failed { throw ExitCode(1) }
    }
}

BrineMasterCommand.main()
