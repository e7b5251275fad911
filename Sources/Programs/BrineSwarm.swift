import BuildInfo
public import OptionParsing

extension Programs {
    /// `brine-swarm`: simulated minions for load tests (no Salt counterpart).
    public static let brineSwarm = Program(
        name: "brine-swarm", version: BuildInfo.version,
        summary: "simulated minions speaking Salt 3008's protocol, for load tests of a master",
        description: """
            Each minion has its own id, RSA key (kept in --key-dir), SUB and DEALER sockets. It authenticates (until \
            accepted), sends its grains with _pillar and its start events, then answers test.ping, test.echo, \
            test.sleep, grains.items and saltutil.find_job with real encrypted returns. Prints 'authenticated N minions \
            in X s' once all are up, and one line per job with the returns the master acknowledged. Runs until SIGINT/SIGTERM or --duration.
            """,
        groups: [
            OptionGroup(SharedOptions.standard + [
                .value("--count", type: .int, help: "Number of minions. Default: 100."),
                .value("--id-prefix", help: "Minion ids are <prefix><number>, numbered from 0. Default: 'swarm-'."),
                .value("--master", help: "The master's host, or several, comma-separated: each minion then speaks to every one (hot multi-master, as a salt-minion with master: [a, b]). Default: 127.0.0.1."),
                .value("--master-port", type: .int, help: "The master's ret_port. Default: 4506."),
                .value("--publish-port", type: .int, help: "Publish port to connect to. Default: the one the master announces."),
                .value("--grains", help: "A YAML or JSON file with a map of grains merged over the defaults (os: Debian, num_cpus: 2, ...).",
                       completion: .file),
                .value("--start-rate", type: .float, help: "Minions started per second, over the whole swarm. Default: 500."),
                .value("--max-starting", type: .int,
                       help: "At most this many minions starting up at once (first _auth to last start-up answer); 0: no limit. Default: 0."),
                .value("--key-dir", help: "Where minion keys are kept between runs (made on first use: 50-100 ms each). Default: ~/.cache/brine-swarm/keys.",
                       completion: .directory),
                .value("--processes", type: .int, help: "Worker processes (0: as many as the file descriptor limit needs, ~4 per minion). Default: 0."),
                .value("--threads", type: .int, help: "Poll threads per worker process. Default: 1."),
                .value("--duration", type: .float, help: "Stop after this many seconds from the start of the minions. Default: run until SIGTERM."),
                .value("--auth-timeout", type: .float, help: "Seconds before an unanswered _auth is sent again (Salt's auth_timeout). Default: 5."),
                .value("--acceptance-wait", type: .float,
                       help: "Seconds before asking again while the key is pending (Salt's acceptance_wait_time). Default: 10."),
                Option(["-l", "--log-level"], key: "log_level", action: .store, type: .choice(SharedOptions.logLevels),
                       help: "The level of messages printed on stderr. Default: 'warning'."),
                .flag("--worker", help: "Run as one worker process of a swarm.", hidden: true),
                .value("--first-index", type: .int, help: "The number of a worker's first minion.", hidden: true),
            ]),
        ])
}
