@testable import OptionParsing
import XCTest

/// textwrap's rules, with answers taken from Python 3.11's `textwrap.wrap`.
final class TextWrapTests: XCTestCase {
    func testWrapsBetweenWordsAndAfterHyphens() {
        // textwrap.wrap("Keyword arguments whose values stay text instead of being read as YAML, comma-separated.", 30)
        XCTAssertEqual(
            TextWrap.wrap("Keyword arguments whose values stay text instead of being read as YAML, comma-separated.", width: 30),
            ["Keyword arguments whose values", "stay text instead of being", "read as YAML, comma-separated."])
        // textwrap.wrap("a well-known-long-word here", 12)
        XCTAssertEqual(TextWrap.wrap("a well-known-long-word here", width: 12), ["a well-", "known-long-", "word here"])
        // textwrap.wrap("see x-ray and ab-c", 9): no break where fewer than two letters follow the hyphen
        XCTAssertEqual(TextWrap.wrap("see x-ray and ab-c", width: 9), ["see x-ray", "and ab-c"])
    }

    func testCutsWordsLongerThanALine() {
        // textwrap.wrap("abcdefghijklmnop qr", 6)
        XCTAssertEqual(TextWrap.wrap("abcdefghijklmnop qr", width: 6), ["abcdef", "ghijkl", "mnop", "qr"])
    }

    func testNewlinesAreSpaces() {
        // textwrap.wrap("one\ntwo  three", 80)
        XCTAssertEqual(TextWrap.wrap("one\ntwo  three", width: 80), ["one two  three"])
    }
}
