import BrineCore
import MessagePack

/// `cmd.*`: shell commands on the minion.
enum CmdModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "cmd.run",
                doc: "Run a shell command and return its output (stderr merged into stdout). The command's exit code becomes the job's retcode.\n\nCLI Example:\n\n    brine '*' cmd.run 'ls -l /etc'",
                parameters: [Parameter("cmd", .string), Parameter("cwd", .string, default: .nil), Parameter("shell", .string, default: "/bin/sh")],
                extraKeywords: true
            ) { arguments, context in
                let result: ProcessRunner.Result
                do {
                    result = try ProcessRunner.shell(
                        try arguments.string("cmd"), shell: try arguments.string("shell"), cwd: try arguments.optionalString("cwd"))
                } catch {
                    throw ExecutionError.commandFailed("\(error)")
                }
                context.retcode = Int(result.status)
                return .text(result.stdout.trimmingTrailingWhitespace())
            },
        ]
    }
}
