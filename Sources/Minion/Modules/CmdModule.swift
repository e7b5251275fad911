import BrineCore
import MessagePack

/// `cmd.*`: commands on the minion, with Salt's keyword arguments (`cwd`, `env`, `runas`, `stdin`,
/// `timeout`, `python_shell`, ...). The command's exit code becomes the job's retcode.
enum CmdModule {
    /// Salt's keywords, shared by every runner. `cmd` through `runas` keep Salt's positions; the rest
    /// are keyword-only here because Salt's own positional order runs through options Brine does
    /// not implement (`group`, `template`, ...).
    static func parameters(stderr: Stderr, output: Bool) -> [Parameter] {
        var list = [
            Parameter("cmd", .any), Parameter("cwd", .string, default: .nil), Parameter("stdin", .string, default: .nil),
            Parameter("runas", .string, default: .nil),
            Parameter("shell", .string, default: "/bin/sh", keywordOnly: true),
            Parameter("python_shell", .bool, default: .nil, keywordOnly: true),
            Parameter("env", .any, default: .nil, keywordOnly: true),
            Parameter("clean_env", .bool, default: false, keywordOnly: true),
            Parameter("output_loglevel", .string, default: "debug", keywordOnly: true),
            Parameter("timeout", .float, default: .nil, keywordOnly: true),
            Parameter("ignore_retcode", .bool, default: false, keywordOnly: true),
            Parameter("success_retcodes", .any, default: .nil, keywordOnly: true),
            Parameter("stdin_raw_newlines", .bool, default: false, keywordOnly: true),
        ]
        if output {
            list += [Parameter("rstrip", .bool, default: true, keywordOnly: true), Parameter("hide_output", .bool, default: false, keywordOnly: true)]
        }
        if case .keyword(let merged) = stderr {
            list.append(Parameter("redirect_stderr", .bool, default: .bool(merged), keywordOnly: true))
        }
        return list
    }

    /// Where a runner sends the command's stderr.
    enum Stderr {
        case separate, merged
        /// Chosen by the `redirect_stderr` keyword, with this default.
        case keyword(Bool)
    }

    static let keywordsDoc = """
        Keywords: cwd (default: the home directory of the user the command runs as), stdin (text fed to the \
        command; the two characters \\n become a newline unless stdin_raw_newlines=True), runas (a user; needs the \
        minion to run as root), shell (default /bin/sh), python_shell (False splits the command like a shell \
        would and runs it without one; True by default for jobs), env (a dict laid over the minion's \
        environment), clean_env (start from an empty environment), timeout (seconds, then the command and \
        everything it started are killed), ignore_retcode (keep the job's retcode at 0), success_retcodes \
        (exit codes that count as 0), rstrip (strip trailing whitespace from the output, default True), \
        hide_output, output_loglevel (accepted for compatibility; Brine does not log command output).
        """

    static var functions: [ExecutionFunction] {
        [
            runner("cmd.run", summary: "Run a command and return its output, stderr merged into stdout unless redirect_stderr=False.",
                   example: "cmd.run 'ls -l /etc'", stderr: .keyword(true)) { outcome, arguments in
                try arguments.bool("hide_output") ? "" : .text(outcome.stdout)
            },
            runner("cmd.shell", summary: "Run a command through the shell (python_shell defaults to True) and return its output.",
                   example: "cmd.shell 'ls -l /etc | grep conf'", stderr: .keyword(true)) { outcome, arguments in
                try arguments.bool("hide_output") ? "" : .text(outcome.stdout)
            },
            runner("cmd.run_all", summary: "Run a command and return {'pid', 'retcode', 'stdout', 'stderr'}.",
                   example: "cmd.run_all 'ls -l /etc'", stderr: .keyword(false)) { outcome, arguments in
                let hide = try arguments.bool("hide_output")
                return [
                    "pid": .int(Int64(outcome.pid)), "retcode": .int(Int64(outcome.retcode)),
                    "stdout": .text(hide ? "" : outcome.stdout), "stderr": .text(hide ? "" : outcome.stderr),
                ]
            },
            runner("cmd.run_stdout", summary: "Run a command and return only its standard output.",
                   example: "cmd.run_stdout 'ls -l /etc'", stderr: .separate) { outcome, arguments in
                try arguments.bool("hide_output") ? "" : .text(outcome.stdout)
            },
            runner("cmd.run_stderr", summary: "Run a command and return only its standard error.",
                   example: "cmd.run_stderr 'ls -l /nonexistent'", stderr: .separate) { outcome, arguments in
                try arguments.bool("hide_output") ? "" : .text(outcome.stderr)
            },
            runner("cmd.retcode", summary: "Run a command and return its exit code.",
                   example: "cmd.retcode 'test -d /etc'", stderr: .merged, output: false) { outcome, _ in
                .int(Int64(outcome.retcode))
            },
            ExecutionFunction(
                "cmd.which", doc: "Return the full path of an executable found in the minion's PATH, or None.\n\nCLI Example:\n\n    brine '*' cmd.which cat",
                parameters: [Parameter("cmd", .string)]
            ) { arguments, _ in
                ProcessRunner.which(try arguments.string("cmd")).map(MessagePackValue.text) ?? .nil
            },
            ExecutionFunction(
                "cmd.has_exec", doc: "Return True if the executable is found in the minion's PATH.\n\nCLI Example:\n\n    brine '*' cmd.has_exec cat",
                parameters: [Parameter("cmd", .string)]
            ) { arguments, _ in
                .bool(ProcessRunner.which(try arguments.string("cmd")) != nil)
            },
        ]
    }

    /// One `cmd.*` runner: the shared keywords and execution, then `shape` makes its return.
    private static func runner(
        _ name: String, summary: String, example: String, stderr: Stderr, output: Bool = true,
        shape: @escaping @Sendable (CommandCall.Outcome, Arguments) throws -> MessagePackValue
    ) -> ExecutionFunction {
        ExecutionFunction(
            name, doc: "\(summary)\n\n\(keywordsDoc)\n\nCLI Example:\n\n    brine '*' \(example)",
            parameters: parameters(stderr: stderr, output: output), extraKeywords: true
        ) { arguments, context in
            let merge: Bool
            switch stderr {
            case .separate: merge = false
            case .merged: merge = true
            case .keyword: merge = try arguments.bool("redirect_stderr")
            }
            let call = try CommandCall(arguments, mergeStderr: merge)
            return try shape(try call.run(context), arguments)
        }
    }
}
