import BrineCore
import Minion

#if canImport(Glibc)
import Glibc
#endif

/// `brine-minion`: the minion daemon, in the foreground. Its two options are parsed by hand: the
/// argument parser library costs the minion 1.7 MB of resident memory on every host of the fleet.
enum BrineMinionCommand {
    static let usage = """
        USAGE: brine-minion [-c <config-dir>] [-l <log-level>]

        The Brine minion: runs the jobs its master publishes (works with brine-master and salt-master 3008).

        OPTIONS:
          -c, --config-dir <dir>  Directory holding the 'minion' config file. (default: /etc/brine)
          -l, --log-level <level> Console and log file level: debug, info, warning, error.
          -h, --help              Show help information.

        """

    struct Options {
        var configDir = MinionConfig.defaultConfigDir
        var logLevel: String?
    }

    /// The options, or the exit code when the command line asks for help or is wrong.
    static func parse(_ arguments: [String]) -> Result<Options, ExitStatus> {
        var options = Options()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            let (name, inlineValue) = split(argument)
            switch name {
            case "-h", "--help":
                Console.out(usage)
                return .failure(ExitStatus(code: 0))
            case "-c", "--config-dir", "-l", "--log-level":
                guard let value = inlineValue ?? remaining.popFirst() else {
                    return .failure(usageError("missing value for '\(name)'"))
                }
                if name == "-c" || name == "--config-dir" { options.configDir = value } else { options.logLevel = value }
            default:
                return .failure(usageError("unknown option '\(argument)'"))
            }
        }
        return .success(options)
    }

    struct ExitStatus: Error {
        let code: Int32
    }

    private static func split(_ argument: String) -> (String, String?) {
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
        }
        if argument.count > 2, argument.hasPrefix("-"), !argument.hasPrefix("--") {
            return (String(argument.prefix(2)), String(argument.dropFirst(2)))
        }
        return (argument, nil)
    }

    private static func usageError(_ message: String) -> ExitStatus {
        Console.error("Error: \(message)\n\(usage)")
        return ExitStatus(code: 64)
    }

    static func run(_ options: Options) -> Int32 {
        var config: MinionConfig
        do {
            config = try MinionConfig.load(configDir: options.configDir)
            if let logLevel = options.logLevel { config.logLevel = logLevel }
            try Daemon.prepare(
                logLevel: config.logLevel, logFile: config.logFile, user: config.user,
                directories: [config.pkiDir, config.cachedir, config.sockDir])
        } catch {
            Console.error("Error: \(error)\n")
            return 64
        }
        let minion: Minion
        do {
            minion = try Minion(config: config)
        } catch {
            Console.error("brine-minion: cannot start: \(error)\n")
            return 1
        }
        let signals = DaemonThread {
            Daemon.waitForTermination()
            minion.stop()
        }
        do {
            try minion.run()
        } catch let mismatch as MasterFingerMismatch {
            Console.error("brine-minion: \(mismatch)\n")
            return MasterFingerMismatch.exitStatus
        } catch {
            Console.error("brine-minion: \(error)\n")
            return 1
        }
        _ = signals
        return minion.failure.reason == nil ? 0 : 1
    }
}

switch BrineMinionCommand.parse(Array(CommandLine.arguments.dropFirst())) {
case .success(let options): exit(BrineMinionCommand.run(options))
case .failure(let status): exit(status.code)
}
