import BuildInfo
public import OptionParsing

extension Programs {
    /// `brine-call`: Salt's `salt-call`.
    public static let brineCall = Program(
        name: "brine-call", version: BuildInfo.version,
        usage: "%prog [options] <function> [arguments]",
        summary: "run an execution function on this host",
        description: "Runs an execution function in this process, with the minion's config, id and grains, and prints its return. No master is contacted: brine-call always runs as salt-call --local does.",
        groups: [
            OptionGroup(SharedOptions.standard + [
                SharedOptions.saltfile,
                .refused("--proxyid", takesValue: true, because: "Brine has no proxy minions"),
                SharedOptions.configDir(file: "minion"),
            ] + SharedOptions.executors + [
                SharedOptions.hardCrash,
                SharedOptions.argsStdin,
                SharedOptions.noParse,
                .refused("--cachedir", takesValue: true, because: "set 'cachedir' in the minion config"),
                Option(["-g", "--grains"], key: "grains_run", action: .storeTrue, help: "Print this host's grains."),
                .refused("-m", "--module-dirs", takesValue: true, because: "Brine's execution modules are built in"),
                .flag("-d", "--doc", "--documentation", key: "doc",
                      help: "Print the documentation of the function, of every function of a module, or of all."),
                .refused("--master", takesValue: true, because: "brine-call does not contact a master"),
                .refused("--return", takesValue: true, because: "Brine has no returners"),
                .flag("--local", help: "Run without a master (brine-call always does; accepted for salt-call's command lines)."),
                .refused("--file-root", takesValue: true, because: "brine-call runs without a master, so it has no file server"),
                .refused("--pillar-root", takesValue: true, because: "brine-call runs without a master, so it has no pillar"),
                .refused("--states-dir", takesValue: true, because: "Brine has no states"),
                .flag("--retcode-passthrough", help: "Exit with the function's retcode instead of 1 when it fails."),
                .refused("--metadata", takesValue: false, because: "not supported by Brine yet"),
                .refused("--set-metadata", takesValue: true, because: "not supported by Brine yet"),
                .value("--id", help: "Run as this minion id instead of the config's."),
                .refused("--skip-grains", takesValue: false, because: "Brine's functions read the grains they need"),
                .refused("--refresh-grains-cache", takesValue: false, because: "Brine keeps no grains cache"),
                .flag("--no-return-event", help: "Send no return event to the master (brine-call never does)."),
                Option(["-t", "--timeout"], key: "auth_timeout", action: .store, type: .int,
                       help: "Seconds to wait for the master (brine-call contacts none; accepted for salt-call's command lines)."),
                .refused("--output-diff", takesValue: false, because: "Brine has no states"),
                .refused("--priv", takesValue: true, because: "run brine-call as that user instead"),
                .refused("-r", "--resources", takesValue: false, because: "Brine has no managed resources"),
                .refused("--tgt", takesValue: true, because: "Brine has no managed resources"),
                .refused("--tgt-type", takesValue: true, because: "Brine has no managed resources"),
            ]),
            SharedOptions.profiling,
            SharedOptions.output(),
            SharedOptions.logging(logFile: "/var/log/brine/minion"),
        ],
        operands: [
            Program.Operand("<function>", help: "The function to run, as module.function."),
            Program.Operand("[arguments]", help: "Its arguments: positional ones as words, keyword ones as name=value; values are read as YAML."),
        ],
        epilog: "Options may stand before or after the function and its arguments, as in salt-call; '--' ends them. An argument that starts with '-' goes after '--': brine-call cmd.run -- ls -l (without the '--', '-l' is the log level option, as in salt-call). The manual page (man brine-call) says more.",
        sections: [
            Program.Section("Options anywhere", """
                As in Salt, an option is recognised wherever it stands, and '--' ends the options: \
                brine-call cmd.run -- ls -l.
                """),
            Program.Section("Exit status", """
                As salt-call's: 0 the function succeeded; 1 it failed (a non-zero retcode, bad arguments, an error), \
                or with --retcode-passthrough the function's own retcode; 42 no function was named; 64 the command \
                line is wrong; 255 there is no such function.
                """),
        ])
}
