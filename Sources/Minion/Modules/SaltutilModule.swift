import MessagePack
import PythonRules

#if canImport(Glibc)
import Glibc
#endif

/// `saltutil.*`: the jobs running on this minion.
///
/// Brine runs each job on a thread of the minion process, not in a process of its own, so a job
/// itself cannot be signalled. What the `*_job` functions signal are the processes the job started
/// (`cmd.*` and the commands other modules run), each with everything it started in turn.
enum SaltutilModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "saltutil.running",
                doc: "Return the jobs running on this minion (other than this one), each as its publication plus 'pid' (the minion's process: jobs are threads) and 'child_pids' (the processes the job started).\n\nCLI Example:\n\n    brine '*' saltutil.running"
            ) { _, context in
                .array(context.jobs.snapshot(excluding: context.jid))
            },
            ExecutionFunction(
                "saltutil.find_job",
                doc: "Return the data of the job with this jid if it is running here, else an empty dict.\n\nCLI Example:\n\n    brine '*' saltutil.find_job 20240101120000123456",
                parameters: [Parameter("jid", .string)]
            ) { arguments, context in
                let jid = try arguments.string("jid")
                return context.jobs.job(jid) ?? [:]
            },
            signaller(
                "saltutil.signal_job", summary: "Send a signal (a number or a name such as SIGHUP) to the processes the job started.",
                example: "saltutil.signal_job 20240101120000123456 15", extra: [Parameter("sig", .any)]
            ) { arguments in
                try signalNumber(arguments["sig"])
            },
            signaller(
                "saltutil.term_job", summary: "Send SIGTERM to the processes the job started.",
                example: "saltutil.term_job 20240101120000123456"
            ) { _ in SIGTERM },
            signaller(
                "saltutil.kill_job", summary: "Send SIGKILL to the processes the job started.",
                example: "saltutil.kill_job 20240101120000123456"
            ) { _ in SIGKILL },
        ] + syncFunctions
    }

    /// Returns Salt's texts: "Signal N sent to job JID at pid P", or "" when no such job runs.
    private static func signaller(
        _ name: String, summary: String, example: String, extra: [Parameter] = [],
        signal: @escaping @Sendable (Arguments) throws -> Int32
    ) -> ExecutionFunction {
        ExecutionFunction(
            name,
            doc: "\(summary) Jobs run on threads of brine-minion, so it is the job's child processes (and theirs) that get the signal; a job that started none cannot be stopped and is reported as an error. Returns '' when no such job is running.\n\nCLI Example:\n\n    brine '*' \(example)",
            parameters: [Parameter("jid", .string)] + extra
        ) { arguments, context in
            let jid = try arguments.string("jid")
            let number = try signal(arguments)
            guard let pids = context.jobs.signal(jid, number) else { return "" }
            guard !pids.isEmpty else {
                throw ExecutionError.commandFailed(
                    "Job \(jid) runs on a thread of brine-minion and has started no process to signal; it cannot be stopped before it finishes")
            }
            let list = pids.map(String.init).joined(separator: ", ")
            return .text("Signal \(number) sent to job \(jid) at pid\(pids.count == 1 ? "" : "s") \(list)")
        }
    }

    static let signalNames: [String: Int32] = [
        "HUP": SIGHUP, "INT": SIGINT, "QUIT": SIGQUIT, "KILL": SIGKILL, "USR1": SIGUSR1, "USR2": SIGUSR2,
        "TERM": SIGTERM, "CONT": SIGCONT, "STOP": SIGSTOP, "TSTP": SIGTSTP, "ALRM": SIGALRM,
    ]

    private static func signalNumber(_ value: MessagePackValue) throws(ExecutionError) -> Int32 {
        if let number = value.intValue, number > 0, number < 65 { return Int32(number) }
        let name = value.pythonString.uppercased()
        if let number = Int32(name), number > 0, number < 65 { return number }
        if let number = signalNames[name.hasPrefix("SIG") ? String(name.dropFirst(3)) : name] { return number }
        throw .invocation("unknown signal: \(value.pythonString)")
    }
}
