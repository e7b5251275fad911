import OptionParsing

/// The options several programs share, declared once with Salt's spellings and keys.
enum SharedOptions {
    /// `--version`, `-V`/`--versions-report` and `-h`/`--help`, first in every program's help, as in Salt.
    static let standard: [Option] = [
        Option(["--version"], action: .version, help: "Print the program's name and version, then exit."),
        .flag("-V", "--versions-report", help: "Print the versions of Brine, Swift, the libraries it uses and the system, then exit."),
        Option(["-h", "--help"], action: .help, help: "Print this help, then exit."),
    ]

    static func configDir(file: String) -> Option {
        .value("-c", "--config-dir", help: "The directory holding the '\(file)' config file (and \(file).d/*.conf). Default: $BRINE_CONFIG_DIR, else '/etc/brine'.",
               completion: .directory)
    }

    /// Salt's level names, in the order its `-l` refusal lists them.
    static let logLevels = ["all", "debug", "error", "critical", "garbage", "info", "profile", "quiet", "trace", "warning"]
    static let sortedLogLevels = ["all", "garbage", "trace", "debug", "profile", "info", "warning", "error", "critical", "quiet"]

    /// "Logging Options"; salt-key spells the console level `--log-level` only (its `-l` lists keys).
    static func logging(short: Bool = true, defaultLevel: String = "warning", logFile: String) -> OptionGroup {
        OptionGroup("Logging Options", description: "These override the logging options of the config file.", [
            Option(short ? ["-l", "--log-level"] : ["--log-level"], key: "log_level", action: .store, type: .choice(logLevels),
                   help: "The level of messages printed on stderr: one of \(sortedLogLevels.joined(separator: ", ")). Default: '\(defaultLevel)'."),
            .value("--log-file", help: "Also write log messages to this file. Default: '\(logFile)'.", completion: .file),
            Option(["--log-file-level"], key: "log_level_logfile", action: .store, type: .choice(sortedLogLevels),
                   help: "The level of messages written to the log file. Default: the console level."),
        ])
    }

    /// The outputters `--out` names, for help and completion; an unknown one falls back to `nested`, as in Salt.
    static let outputters = ["nested", "json", "yaml", "txt", "raw", "pprint", "quiet"]

    static func output(extra: [Option] = []) -> OptionGroup {
        OptionGroup("Output Options", description: "How the results are printed.", [
            .value("--out", "--output", key: "output", metavar: "OUTPUT",
                   help: "Print the results with this outputter: \(outputters.joined(separator: ", ")). An unknown name falls back to nested, with an error on stderr.",
                   completion: .words(outputters)),
            .value("--out-indent", "--output-indent", key: "output_indent", type: .int, metavar: "OUTPUT_INDENT",
                   help: "Indent json and yaml output by this many spaces; a negative number prints json on one line."),
            .value("--out-file", "--output-file", key: "output_file", metavar: "OUTPUT_FILE",
                   help: "Write the results to this file instead of stdout (it is emptied first).", completion: .file),
            .flag("--out-file-append", "--output-file-append", key: "output_file_append",
                  help: "With --out-file, add to the end of the file instead of emptying it."),
            .flag("--no-color", "--no-colour", key: "no_color", help: "Never colour the output."),
            .flag("--force-color", "--force-colour", key: "force_color", help: "Colour the output even when stdout is not a terminal."),
            .refused("--state-output", "--state_output", takesValue: true, because: "Brine has no states"),
            .refused("--state-verbose", "--state_verbose", takesValue: true, because: "Brine has no states"),
        ] + extra)
    }

    /// Salt's external authentication, which Brine does not have: its tools talk to the master over a
    /// socket only the master's user can open.
    static func externalAuth(short: Bool) -> OptionGroup {
        let reason = "Brine has no external authentication; the tools run as the master's user"
        let options: [Option] = [
            Option(short ? ["-a", "--auth", "--eauth", "--external-auth"] : ["--auth", "--eauth", "--external-auth"],
                   key: "eauth", action: .store, help: "", refusal: reason),
            Option(["-T", "--make-token"], key: "mktoken", action: .storeTrue, help: "", refusal: reason),
            .refused("--username", takesValue: true, because: reason),
            .refused("--password", takesValue: true, because: reason),
        ]
        return OptionGroup("External Authentication", options)
    }

    static let saltfile = Option.refused("--saltfile", takesValue: true, because: "Brine reads no Saltfile")
    static let hardCrash = Option.refused("--hard-crash", takesValue: false, because: "Brine has no Python exceptions to raise")
    static let argsStdin = Option.flag("--args-stdin", help: "Read more options and arguments from stdin, one per line, after those on the command line.")
    static let noParse = Option.value(
        "--no-parse", metavar: "argname1,argname2,...",
        help: "Keyword arguments (name=value) whose values stay text instead of being read as YAML, comma-separated.")
    static let profiling = OptionGroup("Profiling Options", [
        .refused("--profiling-path", takesValue: true, because: "Brine has no Python profiler"),
        .refused("--enable-profiling", takesValue: false, because: "Brine has no Python profiler"),
    ])
    static let executors: [Option] = [
        .refused("--module-executors", takesValue: true, because: "Brine runs functions directly, without executors"),
        .refused("--executor-opts", takesValue: true, because: "Brine runs functions directly, without executors"),
    ]
}
