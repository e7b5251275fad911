import Client
import MessagePack
import OptionParsing
import Programs
import XCTest

/// What `brine` and `brine-key` make of their words, as `salt` and `salt-key` read them.
final class CommandLineReadingTests: XCTestCase {
    private func parsed(_ program: Program, _ words: [String]) throws -> ParsedCommandLine {
        guard case .run(let parsed) = try OptionParser(program).parse(words) else {
            throw UsageError("stopped for help or version")
        }
        return parsed
    }

    func testTheFourSaltHabitsOfTheIssue() throws {
        let json = try JobCommandLine(parsed(Programs.brine, ["*", "test.ping", "--out", "json"]))
        XCTAssertEqual(json.function, "test.ping")
        XCTAssertEqual(json.arguments, [])
        let timeout = try parsed(Programs.brine, ["*", "cmd.run", "echo a", "-t", "3"])
        XCTAssertEqual(timeout.int("timeout"), 3)
        XCTAssertEqual(try JobCommandLine(timeout).arguments, ["echo a"])
        XCTAssertEqual(try JobCommandLine(parsed(Programs.brine, ["*", "test.ping", "--"])).arguments, [])
        let listed = try JobCommandLine(parsed(Programs.brine, ["-L", "m1,ghost", "test.ping"]))
        XCTAssertEqual(listed.listedMinions, ["m1", "ghost"])
        XCTAssertEqual(listed.targetType, "list")
        let run = try parsed(Programs.brineRun, ["jobs.list_jobs", "--out", "json"])
        XCTAssertEqual(run.arguments, ["jobs.list_jobs"])
        XCTAssertEqual(run.string("output"), "json")
    }

    func testListTargetsSplitAsSaltSplitsThem() throws {
        XCTAssertEqual(try JobCommandLine(parsed(Programs.brine, ["-L", "a, b,c", "f"])).listedMinions, ["a", "b", "c"])
        XCTAssertEqual(try JobCommandLine(parsed(Programs.brine, ["-L", "a  b", "f"])).listedMinions, ["a", "b"])
        XCTAssertEqual(try JobCommandLine(parsed(Programs.brine, ["-L", "a,,b", "f"])).listedMinions, ["a", "", "b"])
    }

    func testMissingWordsAndTargetTypesAreRefusedAsSaltRefusesThem() throws {
        XCTAssertThrowsError(try JobCommandLine(parsed(Programs.brine, []))) { error in
            XCTAssertEqual(error as? JobCommandLine.Refusal, .incomplete("\nCannot execute command without defining a target.\n\n"))
        }
        XCTAssertThrowsError(try JobCommandLine(parsed(Programs.brine, ["web1"]))) { error in
            XCTAssertEqual(error as? JobCommandLine.Refusal, .incomplete("\nIncomplete options passed.\n\n"))
        }
        XCTAssertThrowsError(try JobCommandLine(parsed(Programs.brine, ["-G", "-C", "-E", "x", "f"]))) { error in
            XCTAssertEqual(error as? JobCommandLine.Refusal,
                           .usage("The options --pcre/--grain/--compound are mutually exclusive. Please only choose one of them"))
        }
    }

    func testDocumentationAsksSysDoc() throws {
        let bare = try JobCommandLine(parsed(Programs.brine, ["-d"]))
        XCTAssertEqual(bare.target, "*")
        XCTAssertEqual(bare.function, "sys.doc")
        let one = try JobCommandLine(parsed(Programs.brine, ["-d", "web1", "test.ping"]))
        XCTAssertEqual(one.function, "sys.doc")
        XCTAssertEqual(one.arguments, ["test.ping"])
    }

    func testKeyCommandsTakeSaltKeysOrderAndChecks() throws {
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, [])), .list("all"))
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, ["-L", "--out", "json"])), .list("all"))
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, ["-l", "un"])), .list("un"))
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, ["-a", "web*", "-d", "x"])),
                       .accept(match: "web*", includeRejected: false, includeDenied: false))
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, ["-A", "--include-all"])),
                       .accept(match: "*", includeRejected: true, includeDenied: false))
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, ["-r", "db1", "--include-accepted", "--include-denied"])),
                       .reject(match: "db1", includeAccepted: true, includeDenied: true))
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, ["-D"])), .delete(match: "*"))
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, ["-F"])), .finger(match: "*"))
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, ["-P"])), .print(match: "*"))
        XCTAssertEqual(try KeyCommand(parsed(Programs.brineKey, ["--gen-keys", "web1", "--keysize", "4096"])),
                       .generate(name: "web1", directory: ".", bits: 4096))
        XCTAssertThrowsError(try KeyCommand(parsed(Programs.brineKey, ["-l", "bogus"]))) { error in
            XCTAssertEqual((error as? UsageError)?.message, "'bogus' is not a valid argument to '--list'")
        }
        XCTAssertThrowsError(try KeyCommand(parsed(Programs.brineKey, ["--keysize", "1024", "--gen-keys", "x"]))) { error in
            XCTAssertEqual((error as? UsageError)?.message, "The minimum value for keysize is 2048")
        }
    }
}
