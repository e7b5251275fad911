import ArgumentParser
import BrineCore
import Minion

/// `brine-minion`: the minion daemon, in the foreground.
struct BrineMinionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brine-minion",
        abstract: "The Brine minion: runs the jobs its master publishes (works with brine-master and salt-master 3008).")

    @Option(name: [.customShort("c"), .long], help: "Directory holding the 'minion' config file.")
    var configDir = MinionConfig.defaultConfigDir

    @Option(name: [.customShort("l"), .long], help: "Console and log file level: debug, info, warning, error.")
    var logLevel: String?

    func run() throws {
        var config: MinionConfig
        do {
            config = try MinionConfig.load(configDir: configDir)
        } catch {
            throw ValidationError("\(error)")
        }
        if let logLevel { config.logLevel = logLevel }
        try Daemon.prepare(
            logLevel: config.logLevel, logFile: config.logFile, user: config.user,
            directories: [config.pkiDir, config.cachedir, config.sockDir])
        let minion: Minion
        do {
            minion = try Minion(config: config)
        } catch {
            Console.error("brine-minion: cannot start: \(error)\n")
            throw ExitCode(1)
        }
        let signals = DaemonThread {
            Daemon.waitForTermination()
            minion.stop()
        }
        do {
            try minion.run()
        } catch {
            Console.error("brine-minion: \(error)\n")
            throw ExitCode(1)
        }
        _ = signals
    }
}

BrineMinionCommand.main()
