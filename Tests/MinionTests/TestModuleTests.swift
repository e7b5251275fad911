import MessagePack
@testable import Minion
import XCTest

final class TestModuleTests: XCTestCase {
    func testSimpleReturns() {
        XCTAssertEqual(value("test.ping"), true)
        XCTAssertEqual(value("test.true"), true)
        XCTAssertEqual(value("test.false"), false)
        XCTAssertEqual(call("test.false").retcode, 0, "False alone does not fail a job")
        XCTAssertEqual(value("test.echo", "foo bar"), "foo bar")
        XCTAssertEqual(value("test.echo", 42), 42, "the value comes back as given")
        XCTAssertEqual(value("test.version"), "3008.5")
        XCTAssertEqual(value("test.sleep", 0), true)
    }

    func testVersionsReport() {
        let report = value("test.versions_report").stringValue ?? ""
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "Salt Version:")
        XCTAssertTrue(lines.contains { $0.hasSuffix(" Salt: 3008.5") }, report)
        XCTAssertTrue(lines.contains { $0.hasSuffix(" system: Linux") }, report)
        XCTAssertTrue(lines.contains(" "), "sections end with Salt's ' ' line")
    }

    func testArgumentsComeBack() {
        let both = value("test.arg", 1, "two", 3.5, kwargs: ["txt": "hello", "wow": ["a": 1]])
        XCTAssertEqual(both["args"], [1, "two", 3.5])
        XCTAssertEqual(both["kwargs"]?["txt"], "hello")
        XCTAssertEqual(both["kwargs"]?["wow"], ["a": 1])
        XCTAssertEqual(value("test.kwarg", kwargs: ["num": 1])["num"], 1)
    }

    func testRetcodeAndFailures() {
        let retcode = call("test.retcode")
        XCTAssertEqual(retcode.value, true)
        XCTAssertEqual(retcode.retcode, 42)
        XCTAssertEqual(call("test.retcode", 3).retcode, 3)
        let failure = call("test.exception", "Oh noes!")
        XCTAssertEqual(failure.retcode, 1)
        XCTAssertEqual(failure.value, "The minion function caused an exception: Exception: Oh noes!")
        XCTAssertEqual(call("test.exception").value, "The minion function caused an exception: Exception: Test Exception")
    }

    func testRandomHashAndFib() {
        XCTAssertEqual(value("test.random_hash").stringValue?.count, 64, "sha256 by default")
        XCTAssertEqual(value("test.random_hash", kwargs: ["hash_type": "md5"]).stringValue?.count, 32)
        XCTAssertEqual(value("test.random_hash", 10, "sha512").stringValue?.count, 128)
        XCTAssertEqual(call("test.random_hash", kwargs: ["hash_type": "crc"]).value, "ERROR executing 'test.random_hash': Invalid hash type: crc")
        let fib = value("test.fib", 10)
        XCTAssertEqual(fib.arrayValue?.first, 55)
        XCTAssertNotNil(fib.arrayValue?.last?.doubleValue)
        XCTAssertEqual(value("test.fib", 1).arrayValue?.first, 1)
        XCTAssertEqual(call("test.fib", -1).retcode, 1)
    }
}
