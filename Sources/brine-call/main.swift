import BrineCore
import Client
import MessagePack
import Minion
import OptionParsing
import Programs

#if canImport(Glibc)
import Glibc
#endif

/// `brine-call`: run one function on this host and print its return, with `salt-call`'s command line,
/// output and exit status. No master is contacted (salt-call --local).
let program = Programs.brineCall
let parsed = program.commandLine(dependencies: ToolVersions.all)
if parsed.arguments.isEmpty && !parsed.flag("grains_run") && !parsed.flag("doc") {
    program.printHelp()
    program.exitWithUsageError("Requires function, --grains or --doc")
}
if !parsed.arguments.isEmpty && parsed.flag("grains_run") { program.exitWithUsageError("-g/--grains does not accept any arguments") }
if parsed.flag("doc") && parsed.arguments.count > 1 { program.exitWithUsageError("You can only get documentation for one method at one time") }

var config: MinionConfig
do {
    config = try MinionConfig.load(configDir: parsed.configDir)
} catch {
    program.exitWithUsageError("Failed to load configuration: \(error)")
}
if let id = parsed.string("id"), !id.isEmpty { config.id = id }
ToolLogging.bootstrap(parsed, configLevel: config.logLevel)
let minion: Minion
do {
    minion = try Minion(config: config)
} catch {
    Console.error("brine-call: \(error)\n")
    exit(1)
}
let output: ToolOutput
do {
    output = try ToolOutput(parsed)
} catch {
    program.exitWithUsageError("\(error)")
}

/// `local:` and the value, through the outputter.
func show(_ value: MessagePackValue, retcode: Int) {
    output.show(value, minion: "local", retcode: retcode)
}

if parsed.flag("doc") {
    // The functions the name is, or starts (a module), or all; each as `name:`, its text and a blank line.
    let prefix = parsed.arguments.first ?? ""
    let documented = minion.functions.functions.values
        .filter { prefix.isEmpty || $0.name == prefix || $0.name.hasPrefix(prefix + ".") }
        .sorted { $0.name < $1.name }
    for function in documented { Console.out("\(function.name):\n\(function.doc)\n\n") }
    exit(0)
}
let function = parsed.flag("grains_run") ? "grains.items" : parsed.arguments[0]
guard let declared = minion.functions.functions[function] else {
    // salt-call shows the documentation of the functions the name starts, if any.
    let near = minion.functions.functions.values.filter { $0.name.hasPrefix(function) }.sorted { $0.name < $1.name }
    guard !near.isEmpty else {
        Console.error("'\(function)' is not available.\n")
        exit(255)
    }
    let docs = near.map { MessagePackPair(.text($0.name), .text($0.doc)) } + [MessagePackPair(.text(function), .text("'\(function)' is not available."))]
    show(.map(docs), retcode: 1)
    exit(1)
}
let arguments = CommandLineArguments.parse(Array(parsed.arguments.dropFirst()), noParse: CommandLineArguments.names(parsed.string("no_parse")))
let outcome = minion.call(function, arguments: arguments)
switch outcome.error {
case .invalidArguments(let why)?:
    Console.error("\nPassed invalid arguments: \(why).\n\nUsage:\n")
    Console.out(declared.doc + "\n")
case .invocation(let why)?:
    Console.error("\(why)\n")
case .commandFailed(let why)?:
    Console.error("Error running '\(function)': \(why)\n")
case .exception?:
    Console.error("\(outcome.value.stringValue ?? "")\n")
case nil:
    show(outcome.value, retcode: outcome.retcode)
}
if outcome.retcode != 0 { exit(parsed.flag("retcode_passthrough") ? Int32(clamping: outcome.retcode) : 1) }
