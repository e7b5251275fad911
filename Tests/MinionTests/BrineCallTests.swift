import BrineCore
import BrineTesting
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The `brine-call` program, built next to this test bundle.
final class BrineCallTests: XCTestCase {
    private static let program: String? = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let path = FileSystem.parent(of: String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)) + "/brine-call"
        return FileSystem.exists(path) ? path : nil
    }()

    private func brineCall(_ arguments: String...) throws -> ProcessRunner.Result {
        let program = try XCTUnwrap(Self.program, "brine-call is not built next to the tests")
        let configDir = try TemporaryDirectory.make("brine-call")
        try FileSystem.write(configDir + "/minion", "id: call-test\nenable_fqdns_grains: false\n")
        return try ProcessRunner.run([program, "-c", configDir, "--local"] + arguments)
    }

    func testPrintsTheReturnUnderLocal() throws {
        let echo = try brineCall("test.echo", "hello world")
        XCTAssertEqual(echo.stdout, "local:\n    hello world\n")
        XCTAssertEqual(echo.status, 0)
        let json = try brineCall("--out", "json", "cmd.run_all", "echo hi", "python_shell=False")
        XCTAssertTrue(json.stdout.hasPrefix("{\n    \"local\": {\n"), json.stdout)
        XCTAssertTrue(json.stdout.contains("\"stdout\": \"hi\""), json.stdout)
    }

    func testExitCodesFollowSaltCall() throws {
        XCTAssertEqual(try brineCall("test.retcode", "3").status, 1)
        XCTAssertEqual(try brineCall("--retcode-passthrough", "test.retcode", "3").status, 3)
        let unknown = try brineCall("nosuch.function")
        XCTAssertEqual(unknown.status, 255)
        XCTAssertEqual(unknown.stderr, "'nosuch.function' is not available.\n")
        let invalid = try brineCall("test.echo")
        XCTAssertEqual(invalid.status, 1)
        XCTAssertTrue(invalid.stderr.hasPrefix("\nPassed invalid arguments: echo() missing 1 required positional argument: 'text'.\n\nUsage:\n"), invalid.stderr)
        let failed = try brineCall("file.read", "/no/such/file")
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(failed.stderr, "Error running 'file.read': [Errno 2] No such file or directory: '/no/such/file'\n")
    }
}
