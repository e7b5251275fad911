import BrineCore
import Foundation
import XCTest

/// The jid that `brine --show-jid` and `salt --show-jid` print first, as `jid: <jid>`.
func shownJID(_ result: ProcessRunner.Result) throws -> String {
    let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("jid: ") }
    return String(try XCTUnwrap(line, "no jid in (exit \(result.status)):\n\(result.stdout)\(result.stderr)").dropFirst(5))
}

/// The returns a `--out json` run printed, by minion id: one JSON object per minion as the returns came in
/// (as `salt --out=json` prints them), or one object for all (`--static`); a `jid:` line is skipped.
func jsonReturns(_ result: ProcessRunner.Result, file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
    var returns: [String: Any] = [:]
    var document = ""
    for text in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) where !text.hasPrefix("jid: ") {
        document += text + "\n"
        guard text == "}" else { continue }
        guard let object = try? JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any] else { break }
        returns.merge(object) { first, _ in first }
        document = ""
    }
    guard !returns.isEmpty, document.allSatisfy(\.isWhitespace) else {
        XCTFail("expected JSON objects of returns, got (exit \(result.status)):\n\(result.stdout)\(result.stderr)",
                file: file, line: line)
        return [:]
    }
    return returns
}
