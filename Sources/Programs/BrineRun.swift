import BuildInfo
public import OptionParsing

extension Programs {
    /// `brine-run`: Salt's `salt-run`.
    public static let brineRun = Program(
        name: "brine-run", version: BuildInfo.version,
        usage: "%prog [options] <function> [arguments]",
        summary: "run a runner function on the master",
        description: "Runs a runner function on the master's side: the jobs runner reads the job cache directly (so it works while the master is down); the manage runner asks the running master.",
        groups: [
            OptionGroup(SharedOptions.standard + [
                SharedOptions.saltfile,
                SharedOptions.configDir(file: "master"),
                .value("-t", "--timeout", type: .int, help: "Seconds the runners that ask the minions wait for them. Default: the master's 'timeout', 5."),
                SharedOptions.argsStdin,
                SharedOptions.hardCrash,
                .flag("-d", "--doc", "--documentation", key: "doc",
                      help: "Print the documentation of the runner functions (all of them, a runner's, or one function's)."),
                .refused("--async", takesValue: false, because: "Brine's runners return at once"),
                .refused("--skip-grains", takesValue: false, because: "Brine's runners load no grains"),
                .refused("--jid", takesValue: true, because: "Brine's runners record no job"),
            ]),
            SharedOptions.profiling,
            SharedOptions.externalAuth(short: true),
            SharedOptions.output(extra: [
                .flag("--quiet", help: "Print nothing."),
            ]),
            SharedOptions.logging(logFile: "/var/log/brine/master"),
            OptionGroup([SharedOptions.noParse]),
        ],
        operands: [
            Program.Operand("<function>", help: "The runner function, as runner.function.", completion: .words(runnerFunctions)),
            Program.Operand("[arguments]", help: "Its arguments: positional ones as words, keyword ones as name=value."),
        ],
        epilog: "Options may stand before or after the function and its arguments, as in salt-run; '--' ends them. The manual page (man brine-run) lists the runner functions.",
        sections: [
            Program.Section("Runner functions", runnerFunctions.map { "  " + $0 }.joined(separator: "\n")),
            Program.Section("Options anywhere", """
                As in Salt, an option is recognised wherever it stands, and '--' ends the options.
                """),
            Program.Section("Exit status", """
                0 the runner ran (even when it printed an error about its arguments, as salt-run does); 1 it failed \
                (the job cache cannot be read, the master cannot be reached); 64 the command line is wrong.
                """),
        ])

    /// The runner functions Brine has, for completion and the manual.
    public static let runnerFunctions = [
        "jobs.active", "jobs.exit_success", "jobs.last_run", "jobs.list_job", "jobs.list_jobs", "jobs.lookup_jid",
        "jobs.print_job", "manage.down", "manage.not_present", "manage.present", "manage.status", "manage.up",
    ]
}
