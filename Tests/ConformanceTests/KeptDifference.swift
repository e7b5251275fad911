import Foundation

/// A way Brine's output differs from Salt's on purpose. Each is listed, with its reason, in the README's
/// "Where Brine differs from Salt, on purpose" (the suite checks that `readme` is there), and either
/// rewrites both outputs to the same shape (`normalize`) or is named by the lines it concerns.
struct KeptDifference: Sendable, Hashable {
    let name: String
    /// A phrase of the README's entry.
    let readme: String
    /// Applied to both outputs when they differ; nil for a difference named per line.
    let normalize: (@Sendable (String) -> String)?

    static func == (lhs: KeptDifference, rhs: KeptDifference) -> Bool { lhs.name == rhs.name }
    func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// `salt 3008.5 (Argon)` and `brine 2026.1.0`.
    static let version = KeptDifference(
        name: "version", readme: "`--version` prints Brine's release",
        normalize: { $0.replacing(#"(?m)^(salt(-[a-z]+)?) (3008\.5 \(Argon\)|\d{4}\.\d+\.\d+)$"#, with: "$1 <version>") })

    /// The help is Brine's own text about Brine's options; the usage line is Salt's.
    static let help = KeptDifference(
        name: "help", readme: "`--help` describes Brine's options in Brine's words",
        normalize: { text in
            guard text.hasPrefix("Usage: ") else { return text }
            return String(text.prefix { $0 != "\n" }) + "\n<help>\n"
        })

    /// `-f`/`-F` fingerprints (saltstack/salt#69970).
    static let fingerprint = KeptDifference(
        name: "fingerprint", readme: "`brine-key -f` prints the fingerprint the minion's `master_finger` check uses",
        normalize: { $0.replacing(#"([0-9a-f]{2}:){31}[0-9a-f]{2}"#, with: "<fingerprint>") })

    static let versionsReport = KeptDifference(
        name: "versions report", readme: "`--versions-report` lists Brine's version and commit", normalize: nil)

    static let documentation = KeptDifference(
        name: "documentation", readme: "Function documentation is Brine's own", normalize: nil)

    static let quietOutputter = KeptDifference(
        name: "quiet outputter", readme: "`--out quiet` prints nothing", normalize: nil)

    static let traceback = KeptDifference(
        name: "traceback", readme: "Where Salt 3008.5 prints a Python traceback", normalize: nil)

    static let commandLogs = KeptDifference(
        name: "command logs", readme: "A failing command's error lines", normalize: nil)

    static let refusedOption = KeptDifference(
        name: "refused option", readme: "Salt's options that Brine does not have are refused", normalize: nil)

    static let badTarget = KeptDifference(
        name: "bad target", readme: "A target that cannot be read is refused with the reason", normalize: nil)

    static let localKeys = KeptDifference(
        name: "local keys", readme: "`brine-key -F` lists the master's own key pair as `master.pem` and `master.pub`", normalize: nil)

    static let notConnected = KeptDifference(
        name: "not connected", readme: "A minion the master knows has disconnected is reported `[Not connected]`", normalize: nil)

    static let all: [KeptDifference] = [
        .version, .help, .fingerprint, .versionsReport, .documentation, .quietOutputter, .traceback, .commandLogs,
        .refusedOption, .badTarget, .localKeys, .notConnected,
    ]
}

extension String {
    func replacing(_ pattern: String, with template: String) -> String {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return self }
        return expression.stringByReplacingMatches(in: self, range: NSRange(startIndex..., in: self), withTemplate: template)
    }
}
