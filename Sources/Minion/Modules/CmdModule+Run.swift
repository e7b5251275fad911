import BrineCore
import MessagePack
import PythonRules

#if canImport(Glibc)
import Glibc
#endif

extension CmdModule {
    /// What every `cmd.*` runner does with Salt's keyword arguments before and after the command runs.
    struct CommandCall {
        /// What the command finished with, after `rstrip` and `success_retcodes`.
        struct Outcome {
            var stdout: String
            var stderr: String
            var retcode: Int
            var pid: Int
        }

        var request: ProcessRunner.Request
        /// How Salt prints the command in its timeout message: the text, or the argv as a Python list.
        let display: String
        let timeoutText: String
        let rstrip: Bool
        let ignoreRetcode: Bool
        let successRetcodes: [Int]

        /// Reads Salt's keywords; without `python_shell` the command goes through the shell, as Salt
        /// runs commands that come from a master or salt-call. `mergeStderr` sends stderr into stdout.
        init(_ arguments: Arguments, mergeStderr: Bool) throws(ExecutionError) {
            let shell = try arguments.string("shell")
            guard ProcessRunner.which(shell) == shell, shell.hasPrefix("/") else {
                throw .commandFailed("The shell \(shell) is not available")
            }
            let pythonShell = arguments["python_shell"].isNil ? true : try arguments.bool("python_shell")
            let command = arguments["cmd"]
            if let list = command.arrayValue {
                request = ProcessRunner.Request(list.map(\.pythonString))
                display = command.pythonRepr
            } else if pythonShell {
                let text = try arguments.string("cmd")
                request = ProcessRunner.Request([shell, "-c", text])
                display = text
            } else {
                let text = try arguments.string("cmd")
                let words: [String]
                do {
                    words = try ShellWords.split(text)
                } catch {
                    throw .invocation("cannot split the command into arguments: \(error)")
                }
                guard !words.isEmpty else { throw .invocation("the command is empty") }
                request = ProcessRunner.Request(words)
                display = MessagePackValue.array(words.map(MessagePackValue.text)).pythonRepr
            }
            request.mergeStderr = mergeStderr
            var environment = try Self.environment(arguments)
            if let user = try arguments.optionalString("runas"), user != Self.currentUserName() {
                guard let account = Accounts.user(named: user) else { throw .commandFailed("User '\(user)' is not available") }
                guard geteuid() == 0 else {
                    throw .commandFailed("Cannot run as user '\(user)': brine-minion is not running as root (runas needs root)")
                }
                request.user = user
                environment["HOME"] = account.home
                environment["USER"] = account.name
                environment["LOGNAME"] = account.name
            }
            request.environment = environment
            let cwd = try arguments.optionalString("cwd") ?? Self.defaultDirectory(for: request.user)
            guard cwd.hasPrefix("/"), FileSystem.isDirectory(cwd) else {
                throw .commandFailed("Specified cwd '\(cwd)' either not absolute or does not exist")
            }
            request.cwd = cwd
            if let input = try arguments.optionalString("stdin") {
                // Salt turns the two characters `\n` into newlines unless told the text is raw.
                let raw = try arguments.bool("stdin_raw_newlines")
                request.stdin = Array((raw ? input : input.replacing("\\n", with: "\n")).utf8)
            }
            if !arguments["timeout"].isNil {
                let seconds = try arguments.double("timeout")
                if seconds > 0 { request.timeout = seconds }
            }
            timeoutText = arguments["timeout"].pythonString
            rstrip = arguments["rstrip"].isNil ? true : try arguments.bool("rstrip")
            ignoreRetcode = try arguments.bool("ignore_retcode")
            successRetcodes = try Self.retcodes(arguments)
        }

        /// Runs the command; the exit code becomes the job's retcode unless `ignore_retcode`.
        func run(_ context: JobContext) throws(ExecutionError) -> Outcome {
            let result: ProcessRunner.Result
            do {
                result = try ProcessRunner.run(request, observer: context)
            } catch {
                throw .commandFailed("Unable to run command '\(display)', reason: \(error)")
            }
            if result.timedOut {
                // Salt leaves the job's retcode alone here; a killed command is reported as failed.
                context.retcode = ignoreRetcode ? 0 : 1
                return Outcome(stdout: "\(display) : Timed out after \(timeoutText) seconds", stderr: "", retcode: 1, pid: Int(result.pid))
            }
            var retcode = Int(result.status)
            if successRetcodes.contains(retcode) { retcode = 0 }
            context.retcode = ignoreRetcode ? 0 : retcode
            return Outcome(
                stdout: rstrip ? result.stdout.trimmingTrailingWhitespace() : result.stdout,
                stderr: rstrip ? result.stderr.trimmingTrailingWhitespace() : result.stderr,
                retcode: retcode, pid: Int(result.pid))
        }

        /// The minion's environment (unless `clean_env`) with `env` laid over it, minus systemd's
        /// NOTIFY_SOCKET, which belongs to the minion and not to the commands it runs.
        private static func environment(_ arguments: Arguments) throws(ExecutionError) -> [String: String] {
            var overrides: [String: String] = [:]
            let given = arguments["env"]
            let maps = given.arrayValue ?? (given.isNil ? [] : [given])
            for map in maps {
                guard let pairs = map.mapValue else { throw .invocation("env must be a dict of variable names to values") }
                for pair in pairs { overrides[pair.key.pythonString] = pair.value.pythonString }
            }
            var environment: [String: String] = [:]
            if !(try arguments.bool("clean_env")) {
                for entry in ProcessRunner.inheritedEnvironment() {
                    guard let equals = entry.firstIndex(of: "=") else { continue }
                    environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
                }
                environment["NOTIFY_SOCKET"] = nil
            }
            environment.merge(overrides) { $1 }
            return environment
        }

        /// Salt's default: the home of the user the command runs as, or `/` when that is unusable.
        private static func defaultDirectory(for user: String?) -> String {
            let home = user.flatMap { Accounts.user(named: $0)?.home } ?? getenv("HOME").map { String(cString: $0) } ?? "/"
            return FileSystem.isDirectory(home) && access(home, R_OK) == 0 ? home : "/"
        }

        private static func currentUserName() -> String? {
            Accounts.userName(uid: Int(geteuid()))
        }

        private static func retcodes(_ arguments: Arguments) throws(ExecutionError) -> [Int] {
            guard let items = try arguments.stringList("success_retcodes") else { return [] }
            var codes: [Int] = []
            for item in items {
                guard let code = Int(item) else { throw .invocation("success_retcodes must be a list of integers") }
                codes.append(code)
            }
            return codes
        }
    }
}
