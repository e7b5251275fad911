@testable import Client
import MessagePack
import XCTest
import PythonRules

/// The outputters must print what Salt prints for the same return (checked against salt/output/nested.py).
final class OutputTests: XCTestCase {
    let plain = NestedOutputter(color: false)

    func testScalars() {
        XCTAssertEqual(plain.render(minion: "m1", value: true), "m1:\n    True")
        XCTAssertEqual(plain.render(minion: "m1", value: .nil), "m1:\n    None")
        XCTAssertEqual(plain.render(minion: "m1", value: 42), "m1:\n    42")
        XCTAssertEqual(plain.render(minion: "m1", value: 1.0), "m1:\n    1.0")
        XCTAssertEqual(plain.render(minion: "m1", value: 0.25), "m1:\n    0.25")
        XCTAssertEqual(plain.render(minion: "m1", value: ""), "m1:")
        XCTAssertEqual(plain.render(minion: "m1", value: "one\ntwo\n"), "m1:\n    one\n    two")
    }

    func testNestedContainers() {
        let value: MessagePackValue = [
            "zeta": ["a", "b"],
            "alpha": ["inner": 1, "list": [["k": "v"], ["x", "y"]]],
        ]
        XCTAssertEqual(plain.render(minion: "web1", value: value), """
            web1:
                ----------
                alpha:
                    ----------
                    inner:
                        1
                    list:
                        |_
                          ----------
                          k:
                              v
                        |_
                          - x
                          - y
                zeta:
                    - a
                    - b
            """)
    }

    func testNumericKeysSortByValue() {
        XCTAssertEqual(plain.render(minion: "m", value: .map([MessagePackPair(10, "a"), MessagePackPair(9, "b")])),
                       "m:\n    ----------\n    9:\n        b\n    10:\n        a")
    }

    func testColourOnlyWhenAsked() {
        let coloured = NestedOutputter(color: true).render(minion: "m1", value: true)
        XCTAssertEqual(coloured, "\u{1B}[0;36mm1\u{1B}[0m:\n    \u{1B}[1;33mTrue\u{1B}[0m")
        let failed = NestedOutputter(color: true, retcode: 1).render(minion: "m1", value: "x")
        XCTAssertTrue(failed.hasPrefix("\u{1B}[0;31mm1"), failed)
    }

    func testJSONIsPythons() {
        XCTAssertEqual(JSONText.encode(["m1": ["b": [1, 2.5, .nil], "a": "é"]]), """
            {
                "m1": {
                    "b": [
                        1,
                        2.5,
                        null
                    ],
                    "a": "\\u00e9"
                }
            }
            """, "keys keep the minion's order, as json.dumps does")
        XCTAssertEqual(JSONText.encode(["b": 1, "a": 2], indent: nil, sortKeys: true), "{\"a\": 2, \"b\": 1}")
        XCTAssertEqual(JSONText.encode(["m": [], "n": [:]]), "{\n    \"m\": [],\n    \"n\": {}\n}")
        XCTAssertEqual(JSONText.encode("😀"), "\"\\ud83d\\ude00\"")
    }
}

final class OutputFormatTests: XCTestCase {
    let value: MessagePackValue = ["lines": "one\ntwo", "n": 3, "list": ["a", "it's"]]

    func testTxtAndRaw() {
        XCTAssertEqual(OutputFormat.txt.render("one\ntwo", minion: "m1"), "m1: one\nm1: two\n")
        XCTAssertEqual(OutputFormat.txt.render(value, minion: "m1"), "m1: {'lines': 'one\\ntwo', 'n': 3, 'list': ['a', \"it's\"]}\n")
        XCTAssertEqual(OutputFormat.raw.render(true, minion: "m1"), "{'m1': True}\n")
        XCTAssertEqual(OutputFormat.quiet.render(value, minion: "m1"), "")
    }

    func testYAMLAndJSONIndent() {
        XCTAssertEqual(OutputFormat.yaml.render(["b": 1, "a": ["x"]], minion: "m1"), "m1:\n  a:\n  - x\n  b: 1\n")
        XCTAssertEqual(OutputFormat.json.render(true, minion: "m1", indent: -1), "{\"m1\": true}\n")
        XCTAssertEqual(OutputFormat.json.render(true, minion: "m1", indent: 2), "{\n  \"m1\": true\n}\n")
    }

    func testBatchSizes() {
        XCTAssertEqual(BatchSize("2")?.size(of: 5), 2)
        XCTAssertEqual(BatchSize("50%")?.size(of: 5), 2)
        XCTAssertEqual(BatchSize("10%")?.size(of: 5), 1)
        XCTAssertNil(BatchSize("0"))
        XCTAssertNil(BatchSize("abc"))
        XCTAssertNil(BatchSize("150%"))
    }
}

final class CommandLineArgumentTests: XCTestCase {
    func testKeywordsAndTyping() {
        let parsed = CommandLineArguments.parse(["uname -a", "8080", "true", "port=22", "name=web 1", "a=b=c", "1.5"])
        XCTAssertEqual(parsed, [
            "uname -a", 8080, true, 1.5,
            .map([MessagePackPair("__kwarg__", true), MessagePackPair("port", 22), MessagePackPair("name", "web 1"), MessagePackPair("a", "b=c")]),
        ])
    }

    func testJIDsStayWhole() {
        XCTAssertEqual(CommandLineArguments.parse(["20261121204120614339"]), ["20261121204120614339"])
    }

    func testNonIdentifierEqualsStaysPositional() {
        XCTAssertEqual(CommandLineArguments.parse(["echo a=b", "--x=1"]), ["echo a=b", "--x=1"])
    }
}

/// The table comes from Salt 3008.5's own `salt.utils.args.yamlify_arg`, run on the same words.
final class SaltArgumentTypingTests: XCTestCase {
    func testWordsAreTypedAsSaltTypesThem() {
        let table: [(String, MessagePackValue)] = [
            ("yes", true), ("no", false), ("on", true), ("true", true), ("True", true), ("8080", 8080), ("1.5", 1.5),
            ("null", .nil), ("None", .nil), ("~", .nil), ("2026-11-21", "2026-11-21"), ("0x10", 16),
            ("1e3", "1e3"), ("1.0e+3", 1000.0), ("1.0e3", "1.0e3"), (".5", 0.5), ("[1,2]", [1, 2]), ("{a: 1}", ["a": 1]), ("a: 1", "a: 1"), ("12_3", "12_3"),
            ("héllo", "héllo"), ("", ""), ("---", "---"), ("#", "#"), ("a # b", "a # b"), ("x\ty", "x\ty"),
            ("uname -a", "uname -a"), ("- a", "- a"),
        ]
        for (word, expected) in table {
            XCTAssertEqual(CommandLineArguments.typed(word), expected, "'\(word)'")
        }
    }

    func testNoParseKeepsTextForNamedKeywords() {
        XCTAssertEqual(CommandLineArguments.parse(["port=8080", "name=yes"], noParse: ["name"]), [
            .map([MessagePackPair("__kwarg__", true), MessagePackPair("port", 8080), MessagePackPair("name", "yes")]),
        ])
    }
}
