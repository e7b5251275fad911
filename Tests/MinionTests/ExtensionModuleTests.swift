import BrineCore
import BrineTesting
import Logging
import MessagePack
@testable import Minion
import XCTest

/// Executable modules in `extension_modules/modules`, run in-process as a job runs them.
final class ExtensionModuleTests: XCTestCase {
    var directory = ""
    var extensions: ExtensionModules!
    var registry: FunctionRegistry!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory.make("extmods") + "/modules"
        XCTAssertTrue(FileSystem.makeDirectories(directory))
        extensions = ExtensionModules(directory: directory, timeout: 2, logger: Logger(label: "test"))
        registry = FunctionRegistry(extensions: extensions, [TestModule.functions])
    }

    private func module(_ file: String, _ text: String, mode: mode_t = 0o755) throws {
        try FileSystem.write(directory + "/" + file, text, mode: mode)
    }

    private func run(_ name: String, _ arguments: [MessagePackValue] = []) -> FunctionRegistry.Outcome {
        registry.run(name, arguments: arguments, context: Host.minion.makeContext(jid: "20261207000000000001", publication: [:]))
    }

    func testRequestOnStdinAndAnswerOnStdout() throws {
        try module("echoer.sh", "#!/bin/sh\nprintf '{\"return\": {\"action\": \"%s\", \"request\": %s}, \"retcode\": 3}' \"$1\" \"$(cat)\"\n")
        XCTAssertEqual(run("echoer.x").value, "'echoer.x' is not available.", "not loaded before a reload")
        extensions.reload()
        let outcome = run("echoer.hello", [1, "two", ["__kwarg__": true, "flag": true]])
        XCTAssertEqual(outcome.retcode, 3)
        XCTAssertEqual(outcome.value["action"], "hello")
        let request = outcome.value["request"] ?? .nil
        XCTAssertEqual(request["function"], "echoer.hello")
        XCTAssertEqual(request["args"], [1, "two"])
        XCTAssertEqual(request["kwargs"], ["flag": true], "no __pub_ keys reach the module")
        XCTAssertEqual(request["jid"], "20261207000000000001")
        XCTAssertEqual(request["grains"]?["id"], "minion-tests")
        XCTAssertEqual(request["pillar"], [:])
        XCTAssertTrue(registry.functions.keys.allSatisfy { !$0.hasPrefix("echoer.") }, "an undeclared module lists no functions")
        XCTAssertEqual(registry.undeclaredModules, ["echoer"])
    }

    func testDeclaredArgumentsAreCheckedAndTyped() throws {
        try module("calc.sh", "#!/bin/sh\nprintf '{\"return\": %s}' \"$(cat)\"\n")
        try module("calc.yaml", """
            actions:
              add:
                doc: Add.
                args:
                  - {name: a, type: int}
                  - {name: b, type: float, default: 1.5}
                  - {name: verbose, type: bool, default: false, keyword_only: true}
            """, mode: 0o644)
        extensions.reload()
        XCTAssertEqual(registry.functions["calc.add"]?.doc, "Add.")
        let outcome = run("calc.add", ["7", ["__kwarg__": true, "verbose": "yes"]])
        XCTAssertEqual(outcome.retcode, 0, "\(outcome.value)")
        XCTAssertEqual(outcome.value["args"], [7, .double(1.5)])
        XCTAssertEqual(outcome.value["kwargs"], ["verbose": true])
        let wrong = run("calc.add", ["x"])
        XCTAssertEqual(wrong.retcode, 1)
        XCTAssertTrue(wrong.value.stringValue?.hasPrefix("Passed invalid arguments to calc.add: argument 'a' must be an integer, not 'x'\nAdd.") ?? false, "\(wrong.value)")
        XCTAssertEqual(run("calc.sub").value, "'calc.sub' is not available.")
    }

    func testBadDeclarationsAndAnswersFailClearly() throws {
        try module("broken.sh", "#!/bin/sh\necho '{}'\n")
        try module("broken.yaml", "actions:\n  add:\n    args:\n      - {name: a, type: integr}\n", mode: 0o644)
        try module("nokey.sh", "#!/bin/sh\necho '{\"value\": 1}'\n")
        try module("badcode.sh", "#!/bin/sh\necho '{\"return\": 1, \"retcode\": \"x\"}'\n")
        try module("notexec.sh", "#!/bin/sh\necho '{\"return\": 1}'\n", mode: 0o644)
        try module("sleepy.sh", "#!/bin/sh\nsleep 30 &\nwait\n")
        extensions.reload()
        XCTAssertEqual(run("broken.add").value, "'broken.add' is not available.", "a declaration that does not read leaves its module out")
        XCTAssertEqual(run("notexec.run").value, "'notexec.run' is not available.")
        XCTAssertEqual(run("nokey.run").value, "ERROR: nokey.run printed JSON without a \"return\" key")
        XCTAssertEqual(run("badcode.run").value, "ERROR: badcode.run printed a retcode that is not an integer: 'x'")
        let started = Timestamp.monotonic()
        let sleepy = run("sleepy.run")
        XCTAssertEqual(sleepy.value, "ERROR: sleepy.run did not finish within 2 seconds and was killed")
        XCTAssertLessThan(Timestamp.monotonic() - started, 6)
    }

    /// Lookups on job threads while a sync reloads: each sees the old set or the new one.
    func testReloadWhileLooking() throws {
        try module("one.sh", "#!/bin/sh\necho '{\"return\": 1}'\n")
        extensions.reload()
        let registry = registry!
        let extensions = extensions!
        let threads = (0..<4).map { index in
            DaemonThread {
                for _ in 0..<200 {
                    if index == 0 { extensions.reload() } else { XCTAssertNotNil(registry.functions["test.ping"]) }
                }
            }
        }
        for thread in threads { thread.join() }
        XCTAssertEqual(run("one.x").value, 1)
    }
}
