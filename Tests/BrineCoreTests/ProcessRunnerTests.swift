import BrineCore
import Synchronization
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The runner behind `cmd.*`: output, exit codes, environment, stdin, working directory, timeouts
/// and the observer a job uses to find its children.
final class ProcessRunnerTests: XCTestCase {
    private final class Recorder: ChildObserver, Sendable {
        private let recorded = Mutex<[String]>([])
        var events: [String] { recorded.withLock { $0 } }
        func childStarted(_ pid: Int32) { recorded.withLock { $0.append("started") } }
        func childExiting(_ pid: Int32) {
            let event = kill(pid, 0) == 0 ? "exiting, not reaped" : "exiting, reaped"
            recorded.withLock { $0.append(event) }
        }
    }

    func testOutputAndStatus() throws {
        let result = try ProcessRunner.run(["/bin/sh", "-c", "echo out; echo err >&2; exit 7"])
        XCTAssertEqual(result.stdout, "out\n")
        XCTAssertEqual(result.stderr, "err\n")
        XCTAssertEqual(result.status, 7)
        XCTAssertFalse(result.timedOut)
        XCTAssertEqual(try ProcessRunner.shell("echo a; echo b >&2").stdout, "a\nb\n", "shell() merges stderr")
        XCTAssertEqual(try ProcessRunner.run(["sh", "-c", "kill -9 $$"]).status, 137, "a signal reads as 128 + its number")
        XCTAssertThrowsError(try ProcessRunner.run(["no-such-program-here"]))
    }

    func testEnvironmentStdinAndDirectory() throws {
        var request = ProcessRunner.Request(["sh", "-c", "pwd; echo $ONLY-${HOME:-unset}; wc -c"])
        request.environment = ["ONLY": "yes", "PATH": "/usr/bin:/bin"]
        request.cwd = "/usr"
        request.stdin = Array(repeating: UInt8(ascii: "x"), count: 1 << 20)
        let result = try ProcessRunner.run(request)
        XCTAssertEqual(result.stdout.split(separator: "\n"), ["/usr", "yes-unset", "1048576"])
        var ignoring = ProcessRunner.Request(["true"])
        ignoring.stdin = Array(repeating: 0, count: 1 << 20)
        XCTAssertEqual(try ProcessRunner.run(ignoring).status, 0, "a child that never reads its stdin is no problem")
    }

    func testTimeoutKillsTheWholeGroupAndObserverSeesTheChild() throws {
        var request = ProcessRunner.Request(["sh", "-c", "sleep 30 & sleep 30"])
        request.timeout = 0.2
        let recorder = Recorder()
        let start = Timestamp.monotonic()
        let result = try ProcessRunner.run(request, observer: recorder)
        XCTAssertTrue(result.timedOut)
        XCTAssertLessThan(Timestamp.monotonic() - start, 2)
        XCTAssertEqual(recorder.events, ["started", "exiting, not reaped"])
    }

    /// A command that never stops printing is killed once it passes the bound, with its children.
    func testOutputBoundKillsTheGroup() throws {
        var request = ProcessRunner.Request(["/bin/sh", "-c", "yes & yes >&2; wait"])
        request.maxOutputBytes = 100_000
        request.timeout = 30
        let started = Timestamp.monotonic()
        let result = try ProcessRunner.run(request)
        XCTAssertTrue(result.outputExceeded)
        XCTAssertFalse(result.timedOut)
        XCTAssertLessThan(Timestamp.monotonic() - started, 10)
        XCTAssertLessThan(result.stdout.utf8.count + result.stderr.utf8.count, 100_000 + 2 * 65536)
        var bounded = ProcessRunner.Request(["/bin/echo", "short"])
        bounded.maxOutputBytes = 100
        XCTAssertFalse(try ProcessRunner.run(bounded).outputExceeded)
    }

    func testWhich() {
        XCTAssertEqual(ProcessRunner.which("sh", path: "/nonexistent:/bin"), "/bin/sh")
        XCTAssertNil(ProcessRunner.which("sh", path: "/nonexistent"))
        XCTAssertEqual(ProcessRunner.which("/bin/sh"), "/bin/sh")
        XCTAssertNil(ProcessRunner.which("/etc/passwd"), "not executable")
    }

    func testRunAsAnotherUser() throws {
        try XCTSkipUnless(geteuid() == 0, "needs root")
        var request = ProcessRunner.Request(["id", "-un"])
        request.user = "nobody"
        XCTAssertEqual(try ProcessRunner.run(request).stdout, "nobody\n")
    }
}
