import ArgumentParser
import BrineCore
import Client
import MessagePack

/// `brine-run`: runner functions on the master side, invoked as Salt's `salt-run`.
struct BrineRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brine-run",
        abstract: "Run a runner function: jobs.list_jobs, jobs.lookup_jid, jobs.list_job, jobs.print_job, jobs.active, jobs.exit_success, jobs.last_run, manage.status, manage.up, manage.down, manage.present, manage.not_present.")

    @Option(name: [.customShort("c"), .long], help: "Directory holding the master config.")
    var configDir = MasterConfig.defaultConfigDir

    @Option(name: .long, help: "Output format: nested, json, yaml, txt, raw or quiet.")
    var out = "nested"

    @Option(name: .long, help: "Indentation for json and yaml output (negative: one line).")
    var outIndent: Int?

    @Flag(name: .long, help: "Never colour the output.")
    var noColor = false

    @Option(name: .customLong("no-parse"), help: "Keyword arguments to keep as text instead of reading them as YAML, e.g. --no-parse=name,version.")
    var noParse: String?

    @Argument(help: "Runner function, e.g. jobs.list_jobs.")
    var function: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments, positional or key=value.")
    var arguments: [String] = []

    func validate() throws {
        guard OutputFormat(rawValue: out) != nil else {
            throw ValidationError("unknown outputter '\(out)': use \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let config: MasterConfig
        do {
            config = try MasterConfig.load(configDir: configDir)
        } catch {
            throw ValidationError("\(error)")
        }
        var result: MessagePackValue
        do {
            result = try Runners.run(RunnerCall(function: function, arguments: CommandLineArguments.parse(arguments, noParse: CommandLineArguments.names(noParse))), config: config)
        } catch {
            Console.error("Error: \(error)\n")
            throw ExitCode(1)
        }
        if let data = result["data"], result["outputter"] != nil, result.mapValue?.count == 2 { result = data }
        let format = OutputFormat(rawValue: out) ?? .nested
        Console.out(format.render(result, indent: outIndent, color: !noColor && Console.isTerminal))
    }
}

BrineRunCommand.main()
