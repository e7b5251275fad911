import Foundation

/// What is not a difference: values that change from run to run or from host to host (jids, times, pids,
/// the fleets' directories), Brine's program names, and the warnings Salt's Python prints about itself.
enum Normalization {
    /// Salt's own noise on stderr: unclosed-object warnings from its garbage collector (commented out with
    /// `# ` under `--out yaml`) and Python's deprecation warning about the `crypt` module.
    static let saltNoise = [
        #"^(# )?\[WARNING \] unclosed "#, #"^unclosed [A-Za-z]+ <"#, #"DeprecationWarning: 'crypt' is deprecated"#,
        #"^  import crypt"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    static func normalize(_ text: String, root: String, brine: Bool) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { line in
            saltNoise.contains { $0.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil }
        }
        var out = lines.joined(separator: "\n")
        out = out.replacingOccurrences(of: root, with: "<root>")
        if brine {
            // The names stand alone, or follow a JSON-escaped newline (`\nbrine-run jobs.lookup_jid`).
            out = out.replacing(#"(?<![\w/.-])brine-(run|key|call|master|minion)\b"#, with: "salt-$1")
            out = out.replacing(#"(\\n)brine-(run|key|call|master|minion)\b"#, with: "$1salt-$2")
            out = out.replacing(#"(?<![\w/.-])brine(?![\w-])"#, with: "salt")
        }
        out = out.replacing(#"\b20\d{18}\b"#, with: "<jid>")
        out = out.replacing(#"\d{4}, [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2}\.\d{6}"#, with: "<time>")
        out = out.replacing(#"("pid": |'pid': )\d+"#, with: "$1<pid>")
        out = out.replacing(#"(pid:\n\s+)\d+"#, with: "$1<pid>")
        return out
    }

    /// For answers that come in any order: the lines, sorted, without JSON's trailing commas.
    static func unordered(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix(",") ? String($0.dropLast()) : String($0) }
            .sorted().joined(separator: "\n")
    }
}
