import BrineCore
import Client
import OptionParsing
import Programs

#if canImport(Glibc)
import Glibc
#endif

/// `brine`: publish a job to the minions a target names and print their returns as they arrive, with
/// `salt`'s command line (options anywhere, `--` ends them).
let program = Programs.brine
let parsed = program.commandLine(dependencies: ToolVersions.all)

let line: JobCommandLine
do {
    line = try JobCommandLine(parsed)
} catch .usage(let message) {
    program.exitWithUsageError(message)
} catch .incomplete(let message) {
    program.printHelp()
    Console.error(message)
    exit(42)
}

let config = program.masterConfig(parsed)
ToolLogging.bootstrap(parsed, configLevel: config.logLevel)

var options = JobOptions(
    target: line.target, targetType: line.targetType, function: line.function,
    arguments: CommandLineArguments.parse(line.arguments, noParse: CommandLineArguments.names(parsed.string("no_parse"))),
    timeout: parsed.int("timeout").flatMap { $0 > 0 ? Double($0) : nil } ?? config.timeout,
    gatherJobTimeout: parsed.double("gather_job_timeout") ?? config.gatherJobTimeout)
options.async = parsed.flag("async")
options.verbose = parsed.flag("verbose")
options.showJID = parsed.flag("show_jid")
options.staticOutput = parsed.flag("static")
options.progress = parsed.flag("progress")
options.output = OutputChoice(parsed.string("output"))
options.outputWasChosen = parsed.isGiven("output")
options.summary = parsed.flag("cli_summary") && !options.outputWasChosen
options.outputIndent = parsed.int("output_indent")
options.outputFile = parsed.string("output_file")
options.outputFileAppend = parsed.flag("output_file_append")
options.color = parsed.flag("force_color") || (!parsed.flag("no_color") && options.outputFile == nil && Console.isTerminal)
options.previewTarget = parsed.flag("preview_target")
options.listedMinions = line.listedMinions
if let batch = parsed.string("batch"), !batch.isEmpty {
    guard let size = BatchSize(batch) else {
        Console.error("Invalid batch specification '\(batch)': must be an integer or percentage string like '10' or '25%'.\n")
        exit(1)
    }
    options.batch = size
}
options.batchWait = parsed.double("batch_wait") ?? 0
exit(JobRun(options: options).run(config: config))
