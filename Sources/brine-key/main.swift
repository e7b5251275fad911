import BrineCore
import Client
import JobCache
import OptionParsing
import Programs
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// `brine-key`: list, accept, reject, delete, fingerprint and print minion keys in the master's pki dir,
/// and generate key pairs, with `salt-key`'s command line and output.
let program = Programs.brineKey
let parsed = program.commandLine(dependencies: ToolVersions.all)
let command: KeyCommand
do {
    command = try KeyCommand(parsed)
} catch {
    program.exitWithUsageError(error.message)
}
let printer: KeyPrinter
do {
    printer = KeyPrinter(try ToolOutput(parsed))
} catch {
    program.exitWithUsageError("\(error)")
}

if case .generate(let name, let directory, let bits) = command {
    exit(KeyTool.generate(name: name, directory: directory, bits: bits, printer: printer))
}
let config = program.masterConfig(parsed)
ToolLogging.bootstrap(parsed, configLevel: config.logLevel)
let keys: KeyStore
do {
    // With master_job_cache: postgres, the pki dir is brought up to date from the shared key states
    // first, and each change goes to them too.
    keys = try config.openKeyStore(report: { Console.error("brine-key: \($0)\n") }).keys
} catch {
    Console.error("brine-key: cannot open the pki dir \(config.pkiDir): \(error)\n")
    exit(1)
}
let rotate = parsed.string("rotate_aes_key").map { $0.lowercased() != "false" } ?? config.rotateAESKey
exit(KeyTool(keys: keys, config: config, printer: printer, assumeYes: parsed.flag("yes"), rotateAESKey: rotate).run(command))
