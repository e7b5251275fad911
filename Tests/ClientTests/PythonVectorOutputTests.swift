import BrineTesting
@testable import Client
import MessagePack
import Testing

/// The outputters against Python: each return from the repr vectors (Fixtures/repr.json in
/// PythonRulesTests) printed as Salt's `raw`, `txt` and `nested` outputters print it.
@Suite struct PythonVectorOutputTests {
    /// `raw` prints `str({minion: value})`, which shows the value's `repr()`.
    @Test func rawShowsRepr() throws {
        for entry in try PythonVectors.reprCases() {
            let value = try MessagePack.decode(entry.bytes)
            #expect(OutputFormat.raw.render(value, minion: "m1") == "{'m1': \(entry.repr)}\n", "\(entry.name)")
        }
    }

    /// `txt` prints `minion: line` for each of a string's `splitlines()`, and `minion: str(value)` otherwise.
    @Test func txtShowsStrByLine() throws {
        for entry in try PythonVectors.reprCases() {
            let value = try MessagePack.decode(entry.bytes)
            let expected = entry.lines.map { $0.map { "m1: \($0)\n" }.joined() } ?? "m1: \(entry.str)\n"
            #expect(OutputFormat.txt.render(value, minion: "m1") == expected, "\(entry.name)")
        }
    }

    /// `nested` shows text line by line, and other scalars as `repr()`. (Salt's prints nothing at all
    /// for bytes, datetimes and constants; Brine shows their `str()`, which these cases leave out.)
    @Test func nestedShowsTextLinesAndScalarReprs() throws {
        for entry in try PythonVectors.reprCases() {
            let value = try MessagePack.decode(entry.bytes)
            let body: [String]
            switch value {
            case .array, .map: continue
            case .string, .binary, .ext:
                guard let lines = entry.lines else { continue }
                body = lines
            default: body = [entry.repr]
            }
            let expected = (["m1:"] + body.map { "    " + $0 }).joined(separator: "\n")
            #expect(NestedOutputter(color: false).render(minion: "m1", value: value) == expected, "\(entry.name)")
        }
    }
}
