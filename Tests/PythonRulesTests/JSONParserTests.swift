import MessagePack
import PythonRules
import XCTest

/// The JSON reader behind custom modules' answers: Python's `json.loads` values, strict refusals.
final class JSONParserTests: XCTestCase {
    func testValues() throws {
        XCTAssertEqual(try JSONParser.parse(#" {"return": [1, -2, 2.5, 1e3, true, false, null, "x"], "retcode": 0} "#), [
            "return": [1, -2, .double(2.5), .double(1000), true, false, .nil, "x"], "retcode": 0,
        ])
        XCTAssertEqual(try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#), .text("a\"b\\c/d\n\té😀"))
        XCTAssertEqual(try JSONParser.parse("\"grüße\""), "grüße")
        XCTAssertEqual(try JSONParser.parse("{}"), [:])
        XCTAssertEqual(try JSONParser.parse("[]"), [])
        XCTAssertEqual(try JSONParser.parse("18446744073709551616"), .double(18446744073709551616), "beyond 64 bits: a float")
        XCTAssertEqual(try JSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#), ["a": 3, "b": 2], "a repeated key keeps its place and its last value")
    }

    func testRefusals() {
        let bad = [
            "", "not json", "{", "[1,]", "{\"a\" 1}", "{'a': 1}", "01", "1.", "-", "\"unterminated", "\"\u{01}\"", "\"\\x\"",
            "tru", "[1] [2]", "1e999", "NaN", "{\"a\": 1,}",
        ]
        for text in bad {
            XCTAssertThrowsError(try JSONParser.parse(text), text)
        }
        let deep = String(repeating: "[", count: JSONParser.maxDepth + 1) + String(repeating: "]", count: JSONParser.maxDepth + 1)
        XCTAssertThrowsError(try JSONParser.parse(deep)) { error in
            XCTAssertTrue("\(error)".contains("nesting deeper than"), "\(error)")
        }
    }

    func testRoundTripWithJSONText() throws {
        let value: MessagePackValue = ["function": "greet.hello", "args": ["Ada", true, 1.5], "kwargs": ["n": -3], "nested": [["k": .nil]]]
        XCTAssertEqual(try JSONParser.parse(JSONText.encode(value, indent: nil)), value)
        XCTAssertEqual(try JSONParser.parse(JSONText.encode(value)), value)
    }
}
