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
    @Option(name: .long, help: "Seconds between asking silent minions whether they still run the job (default: 'gather_job_timeout', 10).")
    var gatherJobTimeout: Double?

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
    @Flag(name: [.customShort("I"), .long], help: "Target is pillar:value (glob).")
    var pillar = false
    @Flag(name: [.customShort("J"), .customLong("pillar-pcre")], help: "Target is pillar:regex.")
    var pillarPCRE = false

    @Option(name: [.customShort("b"), .customLong("batch-size")], help: "Run on at most N minions (or N% of them) at a time.")
    var batch: String?
    @Option(name: .long, help: "Seconds to wait after a minion returns before starting the next one in a batch.")
    var batchWait: Double = 0

    @Flag(name: .customLong("async"), help: "Publish the job, print its jid and exit; fetch the returns later with brine-run jobs.lookup_jid.")
    var async = false
    @Flag(name: [.customShort("v"), .long], help: "Print the jid first and a summary of who did not return at the end.")
    var verbose = false
    @Flag(name: .long, help: "Print the jid.")
    var showJID = false
    @Flag(name: [.customShort("s"), .customLong("static")], help: "Print all returns together at the end.")
    var staticOutput = false
    @Flag(name: .long, help: "Do not print minions that did not return.")
    var hideTimeout = false
    @Flag(name: .long, help: "Print a summary of the returns at the end.")
    var summary = false
    @Flag(name: [.customShort("p"), .long], help: "Show a progress bar on stderr (on a terminal only).")
    var progress = false

    @Option(name: .long, help: "Output format: nested, json, yaml, txt, raw or quiet.")
    var out = "nested"
    @Option(name: .long, help: "Indentation for json and yaml output (negative: one line).")
    var outIndent: Int?
    @Option(name: .long, help: "Write the output to this file instead of stdout.")
    var outFile: String?
    @Flag(name: .long, help: "Never colour the output.")
    var noColor = false
    @Flag(name: .long, help: "Colour the output even when it is not a terminal.")
    var forceColor = false
    @Option(name: [.customShort("l"), .long], help: "Log level of this command on stderr: debug, info, warning, error.")
    var logLevel = "warning"

    @Option(name: .customLong("no-parse"), help: "Keyword arguments to keep as text instead of reading them as YAML, e.g. --no-parse=name,version.")
    var noParse: String?

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
        if pillar { return "pillar" }
        if pillarPCRE { return "pillar_pcre" }
        return "glob"
    }

    func validate() throws {
        guard OutputFormat(rawValue: out) != nil else {
            throw ValidationError("unknown outputter '\(out)': use \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let batch, BatchSize(batch) == nil { throw ValidationError("--batch-size takes a number or a percentage, e.g. 10 or 25%") }
        if [list, pcre, grain, grainPCRE, compound, nodegroup, ipcidr, pillar, pillarPCRE].filter({ $0 }).count > 1 {
            throw ValidationError("choose one target type")
        }
    }

    func run() throws {
        LoggingSetup.bootstrap(level: logLevel, logFile: nil, console: true)
        let config: MasterConfig
        do {
            config = try MasterConfig.load(configDir: configDir)
        } catch {
            throw ValidationError("\(error)")
        }
        var options = JobOptions(
            target: list ? .array(target.split(separator: ",").map { .text(String($0)) }) : .text(target),
            targetType: targetType, function: function, arguments: CommandLineArguments.parse(arguments, noParse: CommandLineArguments.names(noParse)),
            timeout: timeout ?? config.timeout, gatherJobTimeout: gatherJobTimeout ?? config.gatherJobTimeout)
        options.async = async
        options.verbose = verbose
        options.showJID = showJID
        options.staticOutput = staticOutput
        options.hideTimeout = hideTimeout
        options.summary = summary
        options.progress = progress
        options.output = OutputFormat(rawValue: out) ?? .nested
        options.outputIndent = outIndent
        options.outputFile = outFile
        options.color = forceColor || (!noColor && outFile == nil && Console.isTerminal)
        options.batch = batch.flatMap(BatchSize.init)
        options.batchWait = batchWait
        throw ExitCode(JobRun(options: options).run(config: config))
    }
}

BrineCommand.main()
