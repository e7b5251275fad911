import ArgumentParser
import BrineCore
import Client
import MessagePack
import Minion
import PythonRules

/// `brine-call`: run one function on this host and print its return, as `salt-call` does.
struct BrineCallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brine-call",
        abstract: "Run an execution function on this host and print its return.",
        discussion: """
            The function runs in this process with the minion's config, id and grains. No master is contacted, \
            with or without --local: brine-call does not fetch pillar or send returns yet, so --local is accepted \
            for salt-call compatibility and changes nothing. Exit codes, as salt-call's: 0 the function succeeded; \
            1 it failed (non-zero retcode, bad arguments, an error) or, with --retcode-passthrough, the function's \
            retcode itself; 255 no such function.
            """)

    @Option(name: [.customShort("c"), .long], help: "Directory holding the 'minion' config file.")
    var configDir = MinionConfig.defaultConfigDir

    @Flag(name: .long, help: "Run without a master (brine-call never contacts one yet).")
    var local = false

    @Option(name: .long, help: "Output format: nested or json.")
    var out = "nested"

    @Flag(name: .long, help: "Exit with the function's retcode instead of 1 when it fails.")
    var retcodePassthrough = false

    @Flag(name: .long, help: "Never colour the output.")
    var noColor = false
    @Flag(name: .long, help: "Colour the output even when it is not a terminal.")
    var forceColor = false
    @Option(name: [.customShort("l"), .long], help: "Log level on stderr: debug, info, warning, error.")
    var logLevel = "warning"

    @Option(name: .customLong("no-parse"), help: "Keyword arguments to keep as text instead of reading them as YAML, e.g. --no-parse=name,version.")
    var noParse: String?

    @Argument(help: "Function to run, e.g. test.ping.")
    var function: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments, positional or key=value.")
    var arguments: [String] = []

    func validate() throws {
        guard ["nested", "json"].contains(out) else { throw ValidationError("unknown outputter '\(out)': use nested or json") }
    }

    func run() throws {
        LoggingSetup.bootstrap(level: logLevel, logFile: nil, console: true)
        let minion: Minion
        do {
            minion = try Minion(config: try MinionConfig.load(configDir: configDir))
        } catch {
            throw ValidationError("\(error)")
        }
        guard let declared = minion.functions.functions[function] else {
            // salt-call shows the documentation of the functions the name starts, if any.
            let near = minion.functions.functions.values.filter { $0.name.hasPrefix(function) }.sorted { $0.name < $1.name }
            guard !near.isEmpty else {
                Console.error("'\(function)' is not available.\n")
                throw ExitCode(255)
            }
            let docs = near.map { MessagePackPair(.text($0.name), .text($0.doc)) } + [MessagePackPair(.text(function), .text("'\(function)' is not available."))]
            show(.map(docs), retcode: 1)
            throw ExitCode(1)
        }
        let outcome = minion.call(function, arguments: CommandLineArguments.parse(arguments, noParse: CommandLineArguments.names(noParse)))
        switch outcome.error {
        case .invalidArguments(let why)?:
            Console.error("\nPassed invalid arguments: \(why).\n\nUsage:\n\n\(declared.doc)\n")
        case .invocation(let why)?:
            Console.error("\(why)\n")
        case .commandFailed(let why)?:
            Console.error("Error running '\(function)': \(why)\n")
        case .exception?:
            Console.error("\(outcome.value.stringValue ?? "")\n")
        case nil:
            show(outcome.value, retcode: outcome.retcode)
        }
        if outcome.retcode != 0 { throw ExitCode(retcodePassthrough ? Int32(clamping: outcome.retcode) : 1) }
    }

    /// `local:` and the value, in the chosen layout.
    private func show(_ value: MessagePackValue, retcode: Int) {
        if out == "json" {
            Console.out(JSONText.encode(["local": value]) + "\n")
        } else {
            let color = forceColor || (!noColor && Console.isTerminal)
            Console.out(NestedOutputter(color: color, retcode: retcode).render(minion: "local", value: value) + "\n")
        }
    }
}

BrineCallCommand.main()
