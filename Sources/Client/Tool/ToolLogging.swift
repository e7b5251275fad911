import BrineCore
public import OptionParsing

/// How the command-line tools log: Salt's `-l`, `--log-file` and `--log-file-level`, falling back to the
/// config's `log_level` as Salt's tools do.
public enum ToolLogging {
    public static func bootstrap(_ parsed: ParsedCommandLine, configLevel: String) {
        LoggingSetup.bootstrapTool(
            consoleLevel: parsed.string("log_level") ?? configLevel, logFile: parsed.string("log_file"),
            fileLevel: parsed.string("log_level_logfile"))
    }
}
