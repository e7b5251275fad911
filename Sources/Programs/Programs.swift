public import BrineCore
public import BuildInfo
public import OptionParsing

#if canImport(Glibc)
import Glibc
#endif

/// Every Brine program's command line, declared once: the programs parse by these declarations, and
/// `brine-docs` makes their completion scripts and manual pages from them.
public enum Programs {
    public static let all = [brine, brineRun, brineKey, brineCall, brineMaster, brineMinion, brineSwarm]
}

extension Program {
    /// Parses the program's command line, or ends the program as Salt's tools do: `--help` and
    /// `--version` print and exit 0, `--versions-report` prints the libraries' versions and exits 0, and
    /// a wrong command line prints the usage and the error to stderr and exits 64.
    public func commandLine(
        _ words: [String] = Array(CommandLine.arguments.dropFirst()), dependencies: [VersionsReport.Dependency]
    ) -> ParsedCommandLine {
        do {
            switch try OptionParser(self).parse(words) {
            case .help:
                Console.out(HelpText(self, columns: Self.columns).text)
                exit(0)
            case .version:
                Console.out("\(name) \(version)\n")
                exit(0)
            case .run(var parsed):
                if parsed.flag("args_stdin") {
                    guard case .run(let more) = try OptionParser(self).parse(Self.standardInputLines()) else {
                        Console.out(HelpText(self, columns: Self.columns).text)
                        exit(0)
                    }
                    parsed.merge(more)
                }
                if parsed.flag("versions_report") {
                    Console.out(VersionsReport(dependencies: dependencies).text)
                    exit(0)
                }
                return parsed
            }
        } catch {
            exitWithUsageError(error.message)
        }
    }

    /// Prints the usage and `<program>: error: <message>` to stderr and exits 64, as optparse's `error()`.
    /// The master's config from `-c`, or the end of the program with Salt's words when it cannot be read.
    public func masterConfig(_ parsed: ParsedCommandLine) -> MasterConfig {
        do {
            return try MasterConfig.load(configDir: parsed.configDir)
        } catch {
            exitWithUsageError("Failed to load configuration: \(error)")
        }
    }

    public func exitWithUsageError(_ message: String) -> Never {
        Console.error(UsageError(message).report(for: self))
        exit(UsageError.exitStatus)
    }

    /// Prints the help to stdout, as Salt's tools do before refusing a command line with no target or function.
    public func printHelp() {
        Console.out(HelpText(self, columns: Self.columns).text)
    }

    /// `--args-stdin`: each line of stdin is one more word of the command line.
    static func standardInputLines() -> [String] {
        var lines: [String] = []
        while let line = readLine(strippingNewline: true) {
            lines.append(line.hasSuffix("\r") ? String(line.dropLast()) : line)
        }
        return lines
    }

    /// optparse's width: `COLUMNS` when set, else 80.
    static var columns: Int {
        getenv("COLUMNS").flatMap { Int(String(cString: $0)) } ?? 80
    }
}

extension ParsedCommandLine {
    /// `-c`, else `BRINE_CONFIG_DIR`, else `/etc/brine`, as Salt reads `-c` and `SALT_CONFIG_DIR`.
    public var configDir: String {
        if let given = string("config_dir") { return given }
        if let variable = getenv("BRINE_CONFIG_DIR"), variable.pointee != 0 { return String(cString: variable) }
        return "/etc/brine"
    }
}
