public import MessagePack
import PythonRules

/// Salt's `key` outputter, `salt-key`'s default: each state under its heading (states and ids in sorted
/// order), an id alone or as `id:  value` (a fingerprint, a public key).
public struct KeyOutputter: Sendable {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    static let headings: [String: (heading: String, paint: String, idPaint: String)] = [
        "minions_pre": ("Unaccepted Keys:", "\u{1B}[1;31m", "\u{1B}[0;31m"),
        "minions": ("Accepted Keys:", "\u{1B}[1;32m", "\u{1B}[0;32m"),
        "minions_denied": ("Denied Keys:", "\u{1B}[1;35m", "\u{1B}[0;35m"),
        "minions_rejected": ("Rejected Keys:", "\u{1B}[1;34m", "\u{1B}[0;34m"),
        "local": ("Local Keys:", "\u{1B}[1;35m", "\u{1B}[0;35m"),
    ]

    /// The text, ending in a newline, or "" when there is nothing to print; nil when `value` is not
    /// `{state: ids}` (Salt then falls back to `nested`).
    public func render(_ value: MessagePackValue) -> String? {
        guard let states = value.mapValue else { return nil }
        let reset = color ? "\u{1B}[0m" : ""
        var lines: [String] = []
        for state in states.sorted(by: { $0.key.pythonString < $1.key.pythonString }) {
            guard let name = state.key.stringValue, let style = Self.headings[name] else { return nil }
            lines.append((color ? style.paint : "") + style.heading + reset)
            let paint = color ? style.idPaint : ""
            if let ids = state.value.arrayValue {
                for id in ids.map(\.pythonString).sorted() { lines.append(paint + id.replacingEscape() + reset) }
            } else if let pairs = state.value.mapValue {
                for pair in pairs.sorted(by: { $0.key.pythonString < $1.key.pythonString }) {
                    lines.append(paint + pair.key.pythonString.replacingEscape() + ":  " + pair.value.pythonString + reset)
                }
            }
        }
        // As Salt's display_output, trailing whitespace (a key's last newline) is not printed.
        var text = lines.joined(separator: "\n")
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text.isEmpty ? "" : text + "\n"
    }
}

extension String {
    /// Salt's `strip_esc_sequence`: an id cannot draw on the terminal.
    func replacingEscape() -> String {
        String(map { $0 == "\u{1B}" ? "?" : $0 })
    }
}
