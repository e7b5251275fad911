import MessagePack
@testable import Minion
import XCTest

/// Binding mistakes come back with retcode 1 and the text Salt's minion returns for them.
final class ArgumentBindingTests: XCTestCase {
    func testMissingRequiredArgument() {
        let outcome = call("test.echo")
        XCTAssertEqual(outcome.retcode, 1)
        XCTAssertEqual(outcome.outputter, "nested")
        let text = outcome.value.stringValue ?? ""
        XCTAssertTrue(text.hasPrefix("Passed invalid arguments to test.echo: echo() missing 1 required positional argument: 'text'\n"), text)
        XCTAssertTrue(text.contains("CLI Example:"), "the function's doc follows, as in Salt")
        XCTAssertEqual(call("file.replace", "/tmp/x").value.stringValue?.split(separator: "\n").first,
                       "Passed invalid arguments to file.replace: replace() missing 2 required positional arguments: 'pattern' and 'repl'")
    }

    func testTooManyPositionalArguments() {
        XCTAssertEqual(call("test.ping", 1).value.stringValue?.split(separator: "\n").first,
                       "Passed invalid arguments to test.ping: ping() takes 0 positional arguments but 1 was given")
        XCTAssertEqual(call("test.echo", "a", "b").value.stringValue?.split(separator: "\n").first,
                       "Passed invalid arguments to test.echo: echo() takes 1 positional argument but 2 were given")
        XCTAssertEqual(call("test.true", 1).value.stringValue?.split(separator: "\n").first,
                       "Passed invalid arguments to test.true: true_() takes 0 positional arguments but 1 was given")
        XCTAssertEqual(call("file.stats", "/", "md5", true, 4).value.stringValue?.split(separator: "\n").first,
                       "Passed invalid arguments to file.stats: stats() takes from 1 to 3 positional arguments but 4 were given")
        XCTAssertEqual(call("test.echo", "a", "b").retcode, 1)
    }

    func testUnknownKeywordIsRefusedBeforeTheCall() {
        let outcome = call("test.echo", "hi", kwargs: ["foo": "bar", "n": 1])
        XCTAssertEqual(outcome.retcode, 1)
        XCTAssertEqual(outcome.value, "ERROR executing 'test.echo': The following keyword arguments are not valid: foo=bar, n=1")
    }

    func testDuplicateAndTypedArguments() {
        XCTAssertEqual(call("test.echo", "a", kwargs: ["text": "b"]).value.stringValue?.split(separator: "\n").first,
                       "Passed invalid arguments to test.echo: echo() got multiple values for argument 'text'")
        let typed = call("test.sleep", "soon")
        XCTAssertEqual(typed.retcode, 1)
        XCTAssertEqual(typed.value.stringValue?.split(separator: "\n").first,
                       "Passed invalid arguments to test.sleep: argument 'length' must be an integer, not 'soon'")
        XCTAssertEqual(call("pkg.remove", kwargs: ["pkgs": ["a": 1]]).retcode, 1, "a dict where a list belongs")
        XCTAssertEqual(value("test.sleep", "0"), true, "numbers given as text are read as numbers")
    }

    func testKeywordOnlyParametersTakeNoPositionals() {
        let function = Host.minion.functions.functions["pkg.latest_version"]!
        let bound = try! Arguments(binding: ["bash", false], to: function)
        XCTAssertEqual(bound.extraPositional, ["bash", false])
        XCTAssertEqual(bound["refresh"], true)
    }

    func testPublicationReachesKeywordFunctionsAsPub() {
        let kwargs = value("test.kwarg", kwargs: ["a": 1])
        XCTAssertEqual(kwargs["a"], 1)
        XCTAssertEqual(kwargs["__pub_fun"], "test.kwarg")
        XCTAssertEqual(kwargs["__pub_tgt"], "salt-call")
        XCTAssertNotNil(kwargs["__pub_jid"]?.stringValue)
    }

    func testUnknownFunction() {
        let outcome = call("nope.nothing")
        XCTAssertEqual(outcome.retcode, 1)
        XCTAssertEqual(outcome.value, "'nope.nothing' is not available.")
    }
}
