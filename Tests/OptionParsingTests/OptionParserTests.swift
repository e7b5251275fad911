import Foundation
import OptionParsing
import XCTest

/// The parser against Python's optparse itself: `Fixtures/make_vectors.py` declares the same options as
/// `program` below and records what optparse makes of each command line (options, arguments, or its
/// error message) and its `--help` text.
final class OptionParserTests: XCTestCase {
    struct Vectors: Decodable {
        struct Case: Decodable {
            let argv: [String]
            let error: String?
            let stopped: String?
            let options: [String: JSONValue]?
            let args: [String]?
        }

        let cases: [Case]
        let help: String
    }

    enum JSONValue: Decodable, Equatable {
        /// JSON does not tell 1000 from 1000.0, so every number is compared as a Double.
        case bool(Bool), number(Double), text(String), list([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else if let text = try? container.decode(String.self) { self = .text(text) }
            else { self = .list(try container.decode([String].self)) }
        }
    }

    static let program = Program(
        name: "tool", version: "1.0", usage: "%prog [options] '<target>' <function> [arguments]", summary: "a test tool",
        description: "Runs a function on the minions a target names, and prints each return as it comes in.",
        groups: [
            OptionGroup([
                Option(["--version"], action: .version, help: "show program's version number and exit"),
                Option(["-h", "--help"], action: .help, help: "show this help message and exit"),
                .flag("-V", "--versions-report", help: "Print the versions of everything, then exit."),
                .value("-c", "--config-dir", help: "The directory holding the config file."),
                .value("-t", "--timeout", type: .int, help: "Seconds to wait for returns before asking the silent minions again."),
                .flag("-s", "--static", help: "Print all the returns together."),
                .flag("-v", "--verbose", help: "Print the jid first."),
                Option(["--hide-timeout"], key: "show_timeout", action: .storeFalse, help: "Accepted, and changes nothing."),
                .value("--batch-wait", type: .float, help: "Seconds between batches."),
                Option(["-m", "--module-dirs"], action: .append, help: "More module directories; give it more than once."),
            ]),
            OptionGroup("Target Options", description: "How the target is read; a glob on minion ids when none is given.", [
                .flag("-E", "--pcre", help: "The target is a regular expression."),
                .flag("-L", "--list", help: "The target is a list of minion ids."),
            ]),
            OptionGroup("Output Options", description: "How the results are printed.", [
                .value("--out", "--output", key: "output", metavar: "OUTPUT", help: "Print the results with this outputter."),
                .value("--out-indent", "--output-indent", key: "output_indent", type: .int, metavar: "OUTPUT_INDENT",
                       help: "Indent by this many spaces."),
                .value("--out-file", "--output-file", key: "output_file", metavar: "OUTPUT_FILE", help: "Write the results to this file."),
                .flag("--out-file-append", "--output-file-append", key: "output_file_append", help: "Add to the end of the file."),
            ]),
            OptionGroup("Logging Options", [
                Option(["-l", "--log-level"], action: .store, type: .choice(["all", "debug", "quiet", "warning"]), help: "The level of messages."),
            ]),
        ],
        epilog: "Options may stand anywhere; '--' ends them.")

    static func vectors() throws -> Vectors {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/optparse.json")
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }

    func testCommandLinesParseAsOptparseParsesThem() throws {
        let vectors = try Self.vectors()
        XCTAssertGreaterThan(vectors.cases.count, 50)
        let parser = OptionParser(Self.program)
        for vector in vectors.cases {
            let outcome: ParseOutcome
            do {
                outcome = try parser.parse(vector.argv)
            } catch {
                XCTAssertEqual(error.message, vector.error, "\(vector.argv)")
                continue
            }
            switch outcome {
            case .help:
                XCTAssertEqual(vector.stopped?.hasPrefix("Usage: "), true, "\(vector.argv) stopped for help")
            case .version:
                XCTAssertEqual(vector.stopped, "tool 1.0\n", "\(vector.argv) stopped for the version")
            case .run(let parsed):
                XCTAssertNil(vector.error, "\(vector.argv) was refused by optparse: \(vector.error ?? "")")
                XCTAssertEqual(parsed.arguments, vector.args, "\(vector.argv)")
                var given: [String: JSONValue] = [:]
                for (key, value) in parsed.values {
                    switch value {
                    case .flag(let flag): given[key] = .bool(flag)
                    case .int(let number): given[key] = .number(Double(number))
                    case .double(let number): given[key] = .number(number)
                    case .text(let text): given[key] = .text(text)
                    case .list(let items): given[key] = .list(items)
                    }
                }
                XCTAssertEqual(given, vector.options, "\(vector.argv)")
            }
        }
    }

    func testHelpIsLaidOutAsOptparseLaysItOut() throws {
        XCTAssertEqual(HelpText(Self.program, columns: 80).text, try Self.vectors().help)
    }

    func testUsageErrorsReadAsSaltsTools() {
        XCTAssertEqual(
            UsageError("no such option: --nosuch").report(for: Self.program),
            "Usage: tool [options] '<target>' <function> [arguments]\n\ntool: error: no such option: --nosuch\n")
        XCTAssertEqual(UsageError.exitStatus, 64)
    }

    func testRefusedOptionsAreRecognisedThenRefusedWithTheirReason() throws {
        let program = Program(name: "tool", version: "1", summary: "", description: "", groups: [
            OptionGroup([
                .flag("--out-fine", help: ""),
                .refused("--return", takesValue: true, because: "Brine has no returners"),
            ]),
        ])
        let parser = OptionParser(program)
        XCTAssertThrowsError(try parser.parse(["--ret", "mongo"])) { error in
            XCTAssertEqual((error as? UsageError)?.message, "option --return: Brine has no returners")
        }
        XCTAssertFalse(HelpText(program).text.contains("--return"), "a refused option is not offered")
    }
}
