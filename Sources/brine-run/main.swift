import BrineCore
import Client
import MessagePack
import OptionParsing
import Programs

#if canImport(Glibc)
import Glibc
#endif

/// `brine-run`: runner functions on the master's side, with `salt-run`'s command line and answers.
let program = Programs.brineRun
let parsed = program.commandLine(dependencies: ToolVersions.all)
if parsed.flag("doc") && parsed.arguments.count > 1 {
    program.exitWithUsageError("You can only get documentation for one method at one time")
}
let config = program.masterConfig(parsed)
ToolLogging.bootstrap(parsed, configLevel: config.logLevel)
let output: ToolOutput
do {
    output = try ToolOutput(parsed)
} catch {
    program.exitWithUsageError("\(error)")
}

func show(_ value: MessagePackValue) {
    guard !parsed.flag("quiet") else { return }
    output.show(value)
}

if parsed.flag("doc") {
    for function in RunnerDocumentation.matching(parsed.arguments.first) {
        Console.out("\(function.name):\n\(RunnerDocumentation.indented(function.text))\n")
    }
    exit(0)
}
guard let function = parsed.arguments.first else {
    show(RunnerDocumentation.all)
    exit(0)
}

var configForRun = config
if let timeout = parsed.int("timeout"), timeout > 0 { configForRun.timeout = Double(timeout) }
let arguments = CommandLineArguments.parse(Array(parsed.arguments.dropFirst()), noParse: CommandLineArguments.names(parsed.string("no_parse")))
var result: MessagePackValue
do {
    result = try Runners.run(RunnerCall(function: function, arguments: arguments), config: configForRun)
} catch let error as RunnerError {
    // As salt-run: the runner ran and said why it could do nothing, on stdout, and the exit status is 0.
    switch error {
    case .unknownFunction:
        Console.out("\(error)\n")
        exit(0)
    case .unexpectedKeywords:
        let named = RunnerDocumentation.functions.filter { $0.name.hasPrefix(function) }
        show(.map(named.map { MessagePackPair(.text($0.name), .text(RunnerDocumentation.indented($0.text))) }))
        exit(0)
    case .callMismatch(let why):
        let doc = RunnerDocumentation.matching(function).first.map { RunnerDocumentation.indented($0.text) } ?? "\n"
        Console.out("\nPassed invalid arguments: \(why)\n\nUsage:\n\(doc)\n")
        exit(0)
    case .invalidArguments(let why), .failed(let why):
        Console.error("Error: \(why)\n")
        exit(1)
    }
} catch {
    Console.error("Error: \(error)\n")
    exit(1)
}
if let data = result["data"], result["outputter"] != nil, result.mapValue?.count == 2 { result = data }
show(result)
