import BuildInfo
public import OptionParsing

extension Programs {
    /// `brine-master`: Salt's `salt-master`.
    public static let brineMaster = Program(
        name: "brine-master", version: BuildInfo.version,
        summary: "the Brine master daemon",
        description: "The master: authenticates minions, publishes jobs to them and takes their returns, on Salt 3008's wire protocol, so stock salt-minions work with it. It runs in the foreground, under systemd or a shell.",
        groups: [
            OptionGroup(SharedOptions.standard + daemonOptions(file: "master") + [
                .value("--publish-server", type: .int, help: "Run as the publish server of the master with this pid.", hidden: true),
            ]),
            SharedOptions.logging(logFile: "/var/log/brine/master"),
        ],
        sections: [
            Program.Section("Exit status", """
                0 stopped by SIGINT or SIGTERM; 1 it could not start, or a thread that could not go on stopped it \
                (systemd's Restart=on-failure restarts it); 64 the command line or the config is wrong.
                """),
        ])

    /// `brine-minion`: Salt's `salt-minion`.
    public static let brineMinion = Program(
        name: "brine-minion", version: BuildInfo.version,
        summary: "the Brine minion daemon",
        description: "The minion: authenticates with its master (brine-master or a stock salt-master 3008), runs the jobs it is targeted by and sends back their returns. It runs in the foreground, under systemd or a shell.",
        groups: [
            OptionGroup(SharedOptions.standard + daemonOptions(file: "minion") + [
                .flag("--disable-keepalive", help: "Accepted for salt-minion's command lines; brine-minion runs as one process with no supervisor to disable."),
            ]),
            SharedOptions.logging(logFile: "/var/log/brine/minion"),
        ],
        sections: [
            Program.Section("Exit status", """
                0 stopped by SIGINT or SIGTERM; 1 it could not start, or its connection thread stopped; 64 the \
                command line or the config is wrong.
                """),
        ])

    private static func daemonOptions(file: String) -> [Option] {
        [
            SharedOptions.configDir(file: file),
            .value("-u", "--user", help: "Run as this user (started as root, the daemon hands its directories to the user and drops root). Default: the config's 'user'."),
            .refused("-d", "--daemon", takesValue: false, because: "Brine's daemons run in the foreground; let systemd supervise them"),
            .refused("--pid-file", takesValue: true, because: "Brine's daemons run in the foreground; systemd knows their pid"),
        ]
    }
}
