import ArgumentParser
import BrineCore
import Client
import MessagePack

/// `brine`: publish a job to the minions a target names and print their returns as they arrive.
struct BrineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brine",
        abstract: "Run a function on the minions that match a target.",
        discussion: """
            Exit codes: 0 every targeted minion returned and succeeded; 1 a minion failed or did not return; \
            2 no minion matched the target or the master could not be reached.
            """)

    @Option(name: [.customShort("c"), .long], help: "Directory holding the master config.")
    var configDir = MasterConfig.defaultConfigDir

    @Option(name: [.customShort("t"), .long], help: "Seconds to wait for returns (default: the master's 'timeout', 5).")
    var timeout: Double?

    @Flag(name: [.customShort("E"), .long], help: "Target is a regular expression on minion ids.")
    var pcre = false
    @Flag(name: [.customShort("L"), .long], help: "Target is a comma-separated list of minion ids.")
    var list = false
    @Flag(name: [.customShort("G"), .long], help: "Target is grain:value (glob).")
    var grain = false
    @Flag(name: [.customShort("P"), .customLong("grain-pcre")], help: "Target is grain:regex.")
    var grainPCRE = false
    @Flag(name: [.customShort("C"), .long], help: "Target is a compound expression.")
    var compound = false
    @Flag(name: [.customShort("N"), .long], help: "Target is a nodegroup name.")
    var nodegroup = false
    @Flag(name: [.customShort("S"), .long], help: "Target is an IP address or CIDR network.")
    var ipcidr = false

    @Flag(name: .customLong("async"), help: "Publish the job, print its jid and exit; fetch the returns later with brine-run jobs.lookup_jid.")
    var async = false

    @Option(name: .long, help: "Output format: nested or json.")
    var out = "nested"

    @Flag(name: .long, help: "Never colour the output.")
    var noColor = false
    @Flag(name: .long, help: "Colour the output even when it is not a terminal.")
    var forceColor = false

    @Argument(help: "Target expression, e.g. 'web*'.")
    var target: String

    @Argument(help: "Function to run, e.g. test.ping.")
    var function: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments, positional or key=value.")
    var arguments: [String] = []

    var targetType: String {
        if list { return "list" }
        if pcre { return "pcre" }
        if grain { return "grain" }
        if grainPCRE { return "grain_pcre" }
        if compound { return "compound" }
        if nodegroup { return "nodegroup" }
        if ipcidr { return "ipcidr" }
        return "glob"
    }

    func validate() throws {
        guard ["nested", "json"].contains(out) else { throw ValidationError("unknown outputter '\(out)': use nested or json") }
    }

    func run() throws {
        let config: MasterConfig
        do {
            config = try MasterConfig.load(configDir: configDir)
        } catch {
            throw ValidationError("\(error)")
        }
        let job = JobRun(
            target: list ? .array(target.split(separator: ",").map { .text(String($0)) }) : .text(target),
            targetType: targetType, function: function, arguments: CommandLineArguments.parse(arguments),
            timeout: timeout ?? config.timeout, output: out,
            color: forceColor || (!noColor && Console.isTerminal), async: async)
        throw ExitCode(job.run(config: config))
    }
}

BrineCommand.main()
