import BrineCore
import MessagePack
@testable import Minion
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class CmdModuleTests: XCTestCase {
    func testRunMergesStderrAndReportsTheExitCode() {
        XCTAssertEqual(value("cmd.run", "echo out; echo err >&2"), "out\nerr")
        let failing = call("cmd.run", "echo nope; exit 3")
        XCTAssertEqual(failing.value, "nope")
        XCTAssertEqual(failing.retcode, 3, "the command's exit code is the job's retcode")
        XCTAssertEqual(call("cmd.run", "exit 3", kwargs: ["ignore_retcode": true]).retcode, 0)
        XCTAssertEqual(call("cmd.run", "exit 3", kwargs: ["success_retcodes": [3]]).retcode, 0)
        XCTAssertEqual(value("cmd.run", "echo out; echo err >&2", kwargs: ["redirect_stderr": false]), "out")
        XCTAssertEqual(value("cmd.shell", "printf 'a\\nb\\n' | wc -l"), "2")
    }

    func testRunAllShape() {
        let outcome = call("cmd.run_all", "echo out; echo err >&2; exit 2")
        XCTAssertEqual(outcome.retcode, 2)
        let keys = Set((outcome.value.mapValue ?? []).compactMap(\.key.stringValue))
        XCTAssertEqual(keys, ["pid", "retcode", "stdout", "stderr"])
        XCTAssertEqual(outcome.value["stdout"], "out")
        XCTAssertEqual(outcome.value["stderr"], "err")
        XCTAssertEqual(outcome.value["retcode"], 2)
        XCTAssertGreaterThan(outcome.value["pid"]?.intValue ?? 0, 0)
        XCTAssertEqual(value("cmd.run_all", "echo x", kwargs: ["hide_output": true])["stdout"], "")
    }

    func testOtherRunners() {
        XCTAssertEqual(value("cmd.run_stdout", "echo out; echo err >&2"), "out")
        XCTAssertEqual(value("cmd.run_stderr", "echo out; echo err >&2"), "err")
        let retcode = call("cmd.retcode", "exit 4")
        XCTAssertEqual(retcode.value, 4)
        XCTAssertEqual(retcode.retcode, 4)
        XCTAssertEqual(value("cmd.which", "sh"), .text(ProcessRunner.which("sh") ?? ""))
        XCTAssertEqual(value("cmd.which", "no-such-command-here"), .nil)
        XCTAssertEqual(value("cmd.has_exec", "sh"), true)
        XCTAssertEqual(value("cmd.has_exec", "no-such-command-here"), false)
    }

    func testEnvironmentDirectoryAndStdin() {
        XCTAssertEqual(value("cmd.run", "echo $GREETING-$HOME", kwargs: ["env": ["GREETING": "hi", "HOME": "/nowhere"]]), "hi-/nowhere")
        XCTAssertEqual(value("cmd.run", "echo ${HOME:-none}-$ONLY", kwargs: ["clean_env": true, "env": ["ONLY": 1]]), "none-1")
        XCTAssertEqual(value("cmd.run", "pwd", kwargs: ["cwd": "/usr"]), "/usr")
        XCTAssertEqual(call("cmd.run", "pwd", kwargs: ["cwd": "/no/such/dir"]).value,
                       "ERROR: Specified cwd '/no/such/dir' either not absolute or does not exist")
        XCTAssertEqual(value("cmd.run", "grep b", kwargs: ["stdin": "a\\nb\\nc"]), "b", "\\n in stdin becomes a newline, as in Salt")
        XCTAssertEqual(value("cmd.run", "wc -c", kwargs: ["stdin": .text(String(repeating: "x", count: 300_000))]), "300000")
        XCTAssertEqual(call("cmd.run", "true", kwargs: ["shell": "/bin/nosuchshell"]).value, "ERROR: The shell /bin/nosuchshell is not available")
    }

    func testPythonShellFalseRunsWithoutAShell() {
        XCTAssertEqual(value("cmd.run", "echo $HOME 'two  words' \"a\\\"b\"", kwargs: ["python_shell": false]), "$HOME two  words a\"b")
        XCTAssertEqual(value("cmd.run", ["printf", "%s|", "a b", "c"]), "a b|c|", "a list is the argv itself")
        let missing = call("cmd.run", "no-such-command-here --flag", kwargs: ["python_shell": false])
        XCTAssertEqual(missing.retcode, 1)
        XCTAssertEqual(missing.value,
                       "ERROR: Unable to run command '['no-such-command-here', '--flag']', reason: cannot run no-such-command-here: No such file or directory")
        XCTAssertEqual(call("cmd.run", "echo 'open", kwargs: ["python_shell": false]).retcode, 1)
    }

    func testTimeoutKillsTheCommandAndWhatItStarted() {
        let start = Timestamp.monotonic()
        let outcome = call("cmd.run_all", "sleep 5 & sleep 5; echo never", kwargs: ["timeout": 0.3])
        XCTAssertLessThan(Timestamp.monotonic() - start, 2.5)
        XCTAssertEqual(outcome.value["stdout"], "sleep 5 & sleep 5; echo never : Timed out after 0.3 seconds")
        XCTAssertEqual(outcome.value["retcode"], 1)
        XCTAssertEqual(outcome.retcode, 1)
        let split = call("cmd.run", "sleep 5", kwargs: ["timeout": 0.2, "python_shell": false])
        XCTAssertEqual(split.value, "['sleep', '5'] : Timed out after 0.2 seconds")
    }

    func testRunas() throws {
        try XCTSkipUnless(Host.isRoot, "runas needs root")
        try XCTSkipUnless(Accounts.user(named: "nobody") != nil, "no user 'nobody' here")
        XCTAssertEqual(value("cmd.run", "id -un; echo $HOME", kwargs: ["runas": "nobody", "cwd": "/"]),
                       .text("nobody\n" + (Accounts.user(named: "nobody")?.home ?? "")))
        XCTAssertEqual(value("cmd.run", "id -un", kwargs: ["runas": "root"]), "root")
        XCTAssertEqual(call("cmd.run", "id", kwargs: ["runas": "no-such-user"]).value, "ERROR: User 'no-such-user' is not available")
    }

    func testShellWords() throws {
        XCTAssertEqual(try ShellWords.split(#"a 'b c' "d \"e\" \x" f\ g ''"#), ["a", "b c", #"d "e" \x"#, "f g", ""])
        XCTAssertThrowsError(try ShellWords.split("a 'b"))
        XCTAssertThrowsError(try ShellWords.split("a\\"))
    }
}

/// A host that begins with '-' would reach ping as an option.
final class NetworkPingArgumentTests: XCTestCase {
    func testAHostThatLooksLikeAnOptionIsRefused() {
        for host in ["-f", "--help", "-c1000000"] {
            let outcome = call("network.ping", .text(host))
            XCTAssertEqual(outcome.retcode, 1, "\(host): \(outcome.value)")
            XCTAssertTrue(outcome.value.stringValue?.contains("Invalid host") == true, "\(host): \(outcome.value)")
        }
    }
}
