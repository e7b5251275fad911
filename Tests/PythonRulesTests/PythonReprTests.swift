import BrineTesting
import MessagePack
import PythonRules
import Testing

/// `repr()` and `str()` of what Salt's loader makes of msgpack values (Fixtures/repr.json).
@Suite struct PythonReprTests {
    @Test(arguments: try PythonVectors.reprCases())
    func matchesPython(_ entry: PythonVectors.ReprCase) throws {
        let value = try MessagePack.decode(entry.bytes)
        #expect(value.pythonRepr == entry.repr)
        #expect(value.pythonString == entry.str)
    }

    @Test func vectorsCoverEveryEscapeForm() throws {
        let reprs = try PythonVectors.reprCases().map(\.repr)
        for form in ["\\\\", "\\n", "\\r", "\\t", "\\x00", "\\x7f", "\\x85", "\\xa0", "\\u2028", "\\U000e0001", "b'\\xff'", "\"it's\""] {
            #expect(reprs.contains { $0.contains(form) }, "no vector shows \(form)")
        }
    }

    @Test func textSaltWouldReadAsStr() {
        #expect(MessagePackValue.binary(Array("abc".utf8)).pythonText == "abc")
        #expect(MessagePackValue.string([0xff]).pythonText == nil)
        #expect(MessagePackValue.int(1).pythonText == nil)
        #expect(MessagePackValue.ext(78, Array("20261121T19:05:16.000000".utf8)).pythonText == nil)
    }
}
