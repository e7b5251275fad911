import BuildInfo
public import OptionParsing

extension Programs {
    /// `brine`: Salt's `salt`.
    public static let brine = Program(
        name: "brine", version: BuildInfo.version,
        usage: "%prog [options] '<target>' <function> [arguments]",
        summary: "run a function on the minions that match a target",
        description: "Publishes a job to every minion the target matches and prints each return as it comes in, then accounts for the minions that stayed silent.",
        groups: [
            OptionGroup(SharedOptions.standard + [
                SharedOptions.saltfile,
                SharedOptions.configDir(file: "master"),
            ] + SharedOptions.executors + [
                .value("-t", "--timeout", type: .int,
                       help: "Seconds to wait for returns before asking the silent minions whether they still run the job. Default: the master's 'timeout', 5."),
                .value("--gather-job-timeout", type: .float,
                       help: "Seconds between those questions (a Brine option; Salt reads only the config). Default: the master's 'gather_job_timeout', 10."),
                SharedOptions.argsStdin,
                SharedOptions.hardCrash,
                .flag("-s", "--static", help: "Print all the returns together, as one document, once every minion has answered."),
                .flag("-p", "--progress", help: "Draw a progress bar on stderr (only when it is a terminal)."),
                .refused("--failhard", takesValue: false, because: "not supported by Brine's batches yet"),
                .flag("--async", help: "Publish the job, print its jid and exit without waiting; look the returns up later with brine-run jobs.lookup_jid."),
                .refused("--subset", takesValue: true, because: "not supported by Brine yet"),
                .flag("-v", "--verbose", help: "Print the jid before the returns."),
                Option(["--hide-timeout"], key: "show_timeout", action: .storeFalse,
                       help: "Accepted for salt's command lines; as in Salt 3008, the minions that did not return are still listed."),
                .flag("--show-jid", help: "Print the jid (as 'jid: <jid>') before the returns."),
                .value("-b", "--batch", "--batch-size", key: "batch",
                       help: "Run the job on at most this many minions at a time, or this percentage of them (10, 25%)."),
                .value("--batch-wait", type: .float, help: "Seconds to wait after a minion returns before its slot in the batch is given to the next one."),
                .refused("--batch-safe-limit", takesValue: true, because: "not supported by Brine yet"),
                .refused("--batch-safe-size", takesValue: true, because: "not supported by Brine yet"),
                .refused("--return", takesValue: true, because: "Brine has no returners; every return goes to the master's job cache"),
                .refused("--return_config", takesValue: true, because: "Brine has no returners"),
                .refused("--return_kwargs", takesValue: true, because: "Brine has no returners"),
                .flag("-d", "--doc", "--documentation", key: "doc",
                      help: "Print the documentation of the function (or of every function in the module, or of all) as the minions report it."),
                .refused("--args-separator", takesValue: true, because: "Brine runs one function per job"),
                .flag("--summary", key: "cli_summary", help: "Print how many minions were targeted, returned, stayed silent and failed (with the nested outputter only)."),
                .refused("--metadata", takesValue: true, because: "not supported by Brine yet"),
                .refused("--start-event", takesValue: false, because: "not supported by Brine yet"),
                .refused("--output-diff", takesValue: false, because: "Brine has no states"),
                .refused("--config-dump", takesValue: false, because: "not supported by Brine yet"),
                .flag("--preview-target", help: "Print the minions the target matches, without running anything."),
            ]),
            OptionGroup("Target Options", description: "How the target is read; a glob on minion ids when none is given.", [
                .refused("-H", "--hosts", takesValue: false, because: "Brine has no rosters"),
                .flag("-E", "--pcre", help: "The target is a regular expression on minion ids."),
                .flag("-L", "--list", help: "The target is a list of minion ids, separated by commas or spaces."),
                .flag("-G", "--grain", help: "The target is a grain and a glob, as 'os:Debian*'."),
                .flag("-P", "--grain-pcre", help: "The target is a grain and a regular expression, as 'os:Deb.*'."),
                .flag("-N", "--nodegroup", help: "The target is a nodegroup from the master's 'nodegroups'."),
                .refused("-R", "--range", takesValue: false, because: "Brine has no range server support"),
                .flag("-C", "--compound", help: "The target combines others: 'G@os:Debian and web* or E@db[0-9]+'."),
                Option(["-I", "--pillar"], key: "pillar_target", action: .storeTrue, help: "The target is a pillar key and a glob, as 'role:web*'."),
                .flag("-J", "--pillar-pcre", help: "The target is a pillar key and a regular expression."),
                .flag("-S", "--ipcidr", help: "The target is an IP address or network (CIDR)."),
            ]),
            OptionGroup("Additional Target Options", [
                .refused("--delimiter", takesValue: true, because: "Brine's grain and pillar targets use ':'"),
            ]),
            SharedOptions.output(),
            SharedOptions.logging(logFile: "/var/log/brine/master"),
            SharedOptions.externalAuth(short: true),
            OptionGroup([SharedOptions.noParse]),
        ],
        operands: [
            Program.Operand("<target>", help: "Which minions run the function: an id glob, or what the target option says."),
            Program.Operand("<function>", help: "The function to run, as module.function (test.ping, cmd.run)."),
            Program.Operand("[arguments]", help: "Its arguments: positional ones as words, keyword ones as name=value; values are read as YAML."),
        ],
        epilog: "Options may stand before or after the target, the function and its arguments, as in salt; '--' ends them. An argument that starts with '-' goes after '--': brine web1 cmd.run -- ls -l (without the '--', '-l' is the log level option, which then lacks its value, as in salt). The manual page (man brine) says more, including where Brine differs from Salt.",
        sections: [
            Program.Section("Options anywhere", """
                As in Salt, an option is recognised wherever it stands, before or after the target, the function or \
                its arguments, and '--' ends the options: every word after it is an argument. So an argument that \
                starts with '-' must follow '--':

                  brine web1 cmd.run -- ls -l

                Without the '--', 'ls -l' reads '-l' as the log level option, which then has no value (Salt does the same).
                """),
            Program.Section("Exit status", """
                0 every targeted minion returned with retcode 0; 1 a minion failed or did not return in time; \
                2 no minion matched the target, or the master could not be reached; 42 the target or function is missing; \
                64 the command line is wrong.
                """),
        ])
}
