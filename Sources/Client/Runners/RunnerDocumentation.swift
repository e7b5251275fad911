public import MessagePack

/// What `brine-run -d` (and `brine-run` with no function) prints for each runner function, in the layout
/// Salt's runner documentation takes: the text indented by four, a blank line first.
public enum RunnerDocumentation {
    public static let functions: [(name: String, text: String)] = [
        ("jobs.active", "Ask every minion which jobs it is running (saltutil.running) and list them by job, with who\nstill runs each and who has returned."),
        ("jobs.exit_success", "Whether each minion that returned job JID succeeded.\n\nCLI Example:\n\n    brine-run jobs.exit_success 20261121204120614339"),
        ("jobs.last_run", "The last job that matches the filters (function, target, metadata, status), printed as\njobs.print_job prints it; False when none does."),
        ("jobs.list_job", "One job: its function, arguments, target, user, start time, expected minions and every return.\n\nCLI Example:\n\n    brine-run jobs.list_job 20261121204120614339"),
        ("jobs.list_jobs", "The jobs in the job cache, oldest first, filtered by search_function and search_target (globs,\nlists or comma-separated), search_metadata (a dictionary), start_time and end_time (UTC), and\nBrine's status (complete, incomplete, failed) and limit.\n\nCLI Example:\n\n    brine-run jobs.list_jobs search_function='cmd.*' start_time='2026, Nov 21 19:00'"),
        ("jobs.lookup_jid", "The returns of job JID by minion; missing=True adds the minions that did not return.\n\nCLI Example:\n\n    brine-run jobs.lookup_jid 20261121204120614339"),
        ("jobs.print_job", "Job JID as jobs.list_job shows it, under its jid.\n\nCLI Example:\n\n    brine-run jobs.print_job 20261121204120614339"),
        ("manage.down", "The minions with accepted keys that do not answer test.ping; removekeys=True deletes their keys."),
        ("manage.not_present", "The minions with accepted keys that hold no connection to the master (no minion is asked)."),
        ("manage.present", "The minions with accepted keys that hold a connection to the master (no minion is asked)."),
        ("manage.status", "The minions with accepted keys, split into those that answer test.ping (up) and those that do\nnot (down)."),
        ("manage.up", "The minions with accepted keys that answer test.ping."),
    ]

    /// The functions a `-d` argument names: all, one runner's (`jobs`), or one function.
    public static func matching(_ name: String?) -> [(name: String, text: String)] {
        guard let name, !name.isEmpty else { return functions }
        return functions.filter { $0.name == name || $0.name.hasPrefix(name + ".") }
    }

    /// A function's text as Salt's docstrings read: a blank line, then each line indented by four.
    public static func indented(_ text: String) -> String {
        "\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n") + "\n"
    }

    /// `{function: text}` for every function, as `brine-run` with no function prints it.
    public static var all: MessagePackValue {
        .map(functions.map { MessagePackPair(.text($0.name), .text(indented($0.text))) })
    }
}
