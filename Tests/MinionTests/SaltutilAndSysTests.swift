import BrineCore
import MessagePack
@testable import Minion
import Synchronization
import XCTest

/// A job run on a thread of its own, as the minion runs each publication.
final class BackgroundJob: Sendable {
    private let result = Mutex<FunctionRegistry.Outcome?>(nil)
    private let done = Semaphore()

    init(_ function: String, _ arguments: [MessagePackValue]) {
        let done = done
        DaemonThread.detached { [self] in
            let outcome = Host.minion.call(function, arguments: arguments)
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    func wait() -> FunctionRegistry.Outcome? {
        done.wait()
        return result.withLock { $0 }
    }

    /// The job's entry in saltutil.running once it has started a child process.
    static func running(_ function: String) -> MessagePackValue? {
        let end = Timestamp.monotonic() + 3
        while Timestamp.monotonic() < end {
            let jobs = value("saltutil.running").arrayValue ?? []
            if let job = jobs.first(where: { $0["fun"] == .text(function) && !($0["child_pids"]?.arrayValue?.isEmpty ?? true) }) { return job }
            usleep(20_000)
        }
        return nil
    }
}

final class SaltutilTests: XCTestCase {
    func testRunningFindAndKillJob() throws {
        let start = Timestamp.monotonic()
        let job = BackgroundJob("cmd.run", ["sleep 5"])
        let entry = try XCTUnwrap(BackgroundJob.running("cmd.run"))
        let jid = try XCTUnwrap(entry["jid"]?.stringValue)
        XCTAssertEqual(entry["pid"]?.intValue, Int(getpid()), "jobs are threads of the minion")
        XCTAssertEqual(value("saltutil.find_job", .text(jid))["jid"], .text(jid))
        XCTAssertEqual(value("saltutil.find_job", "20000101000000000000"), [:])
        let killed = value("saltutil.kill_job", .text(jid)).stringValue ?? ""
        XCTAssertTrue(killed.hasPrefix("Signal 9 sent to job \(jid) at pid "), killed)
        let outcome = try XCTUnwrap(job.wait())
        XCTAssertEqual(outcome.retcode, 137, "killed by SIGKILL")
        XCTAssertLessThan(Timestamp.monotonic() - start, 3)
        XCTAssertEqual(value("saltutil.find_job", .text(jid)), [:], "a finished job is no longer found")
        XCTAssertEqual(value("saltutil.term_job", .text(jid)), "", "Salt's answer for a job that is not running")
    }

    func testSignalJobByNameAndAJobWithoutChildren() throws {
        let job = BackgroundJob("cmd.run", ["sleep 5"])
        let jid = try XCTUnwrap(BackgroundJob.running("cmd.run")?["jid"]?.stringValue)
        XCTAssertEqual(call("saltutil.signal_job", .text(jid), "SIGBOGUS").retcode, 1)
        XCTAssertTrue(value("saltutil.signal_job", .text(jid), "SIGTERM").stringValue?.hasPrefix("Signal 15 sent") ?? false)
        XCTAssertEqual(job.wait()?.retcode, 143)

        let sleeper = BackgroundJob("test.sleep", [1])
        var threadJob: String?
        let end = Timestamp.monotonic() + 2
        while threadJob == nil && Timestamp.monotonic() < end {
            threadJob = value("saltutil.running").arrayValue?.first { $0["fun"] == "test.sleep" }?["jid"]?.stringValue
            usleep(20_000)
        }
        let refused = call("saltutil.kill_job", .text(try XCTUnwrap(threadJob)))
        XCTAssertEqual(refused.retcode, 1)
        XCTAssertTrue(refused.value.stringValue?.contains("has started no process to signal") ?? false, "\(refused.value)")
        XCTAssertEqual(sleeper.wait()?.value, true)
    }
}

final class SysModuleTests: XCTestCase {
    /// Every function this minion is meant to offer, module by module.
    static let expected = [
        "test.ping", "test.echo", "test.version", "test.versions_report", "test.sleep", "test.arg", "test.kwarg", "test.retcode",
        "test.exception", "test.false", "test.true", "test.random_hash", "test.fib",
        "cmd.run", "cmd.run_all", "cmd.run_stdout", "cmd.run_stderr", "cmd.retcode", "cmd.shell", "cmd.which", "cmd.has_exec",
        "sys.list_modules", "sys.list_functions", "sys.doc", "sys.argspec",
        "saltutil.running", "saltutil.find_job", "saltutil.kill_job", "saltutil.term_job", "saltutil.signal_job",
        "status.uptime", "status.loadavg", "status.meminfo", "status.cpuinfo", "status.cpustats", "status.diskusage",
        "status.netdev", "status.procs", "status.w", "status.all_status",
        "disk.usage", "disk.inodeusage",
        "network.interfaces", "network.ip_addrs", "network.ip_addrs6", "network.hw_addr", "network.ping", "network.netstat",
        "network.default_route",
        "pkg.list_pkgs", "pkg.version", "pkg.latest_version", "pkg.install", "pkg.remove", "pkg.refresh_db", "pkg.upgrade_available",
        "service.status", "service.start", "service.stop", "service.restart", "service.reload", "service.enabled", "service.enable",
        "service.disable", "service.get_all", "service.get_running",
        "file.file_exists", "file.directory_exists", "file.stats", "file.get_hash", "file.read", "file.write", "file.append",
        "file.touch", "file.remove", "file.mkdir", "file.find", "file.contains", "file.replace",
        "user.info", "user.list_users", "environ.get", "environ.items",
    ]

    func testEveryFunctionIsListedAndDocumented() {
        let listed = Set((value("sys.list_functions").arrayValue ?? []).compactMap(\.stringValue))
        for name in Self.expected { XCTAssertTrue(listed.contains(name), "\(name) is missing") }
        let docs = value("sys.doc")
        for name in Self.expected {
            let doc = docs[name]?.stringValue ?? ""
            XCTAssertTrue(doc.contains("CLI Example:") && doc.contains("brine '*' \(name)"), "\(name)'s doc lacks a CLI example")
        }
    }

    func testFiltering() {
        XCTAssertEqual(value("sys.list_functions", "sys.list_*"), ["sys.list_functions", "sys.list_modules"])
        XCTAssertEqual(value("sys.list_functions", "sys"), ["sys.argspec", "sys.doc", "sys.list_functions", "sys.list_modules"])
        let modules = (value("sys.list_modules").arrayValue ?? []).compactMap(\.stringValue)
        for module in ["cmd", "disk", "environ", "file", "grains", "network", "pkg", "saltutil", "service", "status", "sys", "test", "user"] {
            XCTAssertTrue(modules.contains(module), module)
        }
        XCTAssertEqual(value("sys.list_modules", "s*"), ["saltutil", "service", "status", "sys"])
        let one = value("sys.doc", "test.ping")
        XCTAssertEqual(one.mapValue?.count, 1)
        XCTAssertTrue(one["test.ping"]?.stringValue?.hasPrefix("Return True") ?? false)
        XCTAssertEqual(value("sys.doc", "test").mapValue?.count, 13)
    }

    func testArgspec() {
        XCTAssertEqual(value("sys.argspec", "test.retcode"), ["test.retcode": ["args": ["code"], "defaults": [42], "varargs": .nil, "kwargs": .nil]])
        XCTAssertEqual(value("sys.argspec", "test.arg")["test.arg"], ["args": .nil, "defaults": .nil, "varargs": true, "kwargs": true])
        let run = value("sys.argspec", "cmd.run")["cmd.run"]
        XCTAssertEqual(run?["args"], ["cmd", "cwd", "stdin", "runas"])
        XCTAssertEqual(run?["defaults"], [.nil, .nil, .nil])
        XCTAssertEqual(run?["kwargs"], true)
        XCTAssertEqual(value("sys.argspec", "sys").mapValue?.count, 4)
        XCTAssertGreaterThanOrEqual(value("sys.argspec").mapValue?.count ?? 0, Self.expected.count)
    }
}
