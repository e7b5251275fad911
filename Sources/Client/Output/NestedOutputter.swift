public import MessagePack
import PythonRules

/// Salt's default `nested` layout: maps as `key:` lines indented by four, lists as `- item`, nested
/// containers under `----------` and `|_`, map keys sorted. Colour only when asked (a terminal).
public struct NestedOutputter: Sendable {
    public var color: Bool
    /// A failing minion's containers are drawn in red, as Salt does.
    public var retcode: Int

    public init(color: Bool, retcode: Int = 0) {
        self.color = color
        self.retcode = retcode
    }

    enum Paint: String {
        case green = "\u{1B}[0;32m"
        case lightYellow = "\u{1B}[1;33m"
        case cyan = "\u{1B}[0;36m"
        case red = "\u{1B}[0;31m"
        case lightRed = "\u{1B}[1;31m"
        case reset = "\u{1B}[0m"
    }

    /// Lines for `{minion: value}`, without a trailing newline.
    public func render(minion: String, value: MessagePackValue) -> String {
        render(.map([MessagePackPair(.text(minion), value)]))
    }

    /// Lines for a whole value (a runner's result), without a trailing newline.
    public func render(_ value: MessagePackValue) -> String {
        var lines: [String] = []
        display(value, indent: 0, prefix: "", into: &lines)
        return lines.joined(separator: "\n")
    }

    private func line(_ indent: Int, _ paint: Paint, _ text: String, prefix: String = "", suffix: String = "") -> String {
        let pad = String(repeating: " ", count: indent)
        guard color else { return pad + prefix + text + suffix }
        return pad + paint.rawValue + prefix + text + Paint.reset.rawValue + suffix
    }

    private func display(_ value: MessagePackValue, indent: Int, prefix: String, into lines: inout [String]) {
        switch value {
        case .nil, .bool, .int, .uint, .double, .float:
            lines.append(line(indent, .lightYellow, value.pythonRepr, prefix: prefix))
        case .string, .binary, .ext:
            let text = value.pythonString
            for (index, part) in PythonText.splitLines(text).enumerated() {
                lines.append(line(indent, .green, part, prefix: index == 0 ? prefix : String(repeating: " ", count: prefix.count)))
            }
        case .array(let items):
            let paint: Paint = retcode != 0 ? .red : .green
            for item in items {
                switch item {
                case .array, .map:
                    lines.append(line(indent, paint, "|_"))
                    display(item, indent: indent + 2, prefix: item.mapValue != nil ? "" : "- ", into: &lines)
                default:
                    display(item, indent: indent, prefix: "- ", into: &lines)
                }
            }
        case .map(let pairs):
            let paint: Paint = retcode != 0 ? .red : .cyan
            if indent > 0 { lines.append(line(indent, paint, "----------")) }
            for pair in PythonText.sortedLikePython(pairs) {
                lines.append(line(indent, paint, pair.key.pythonString, prefix: prefix, suffix: ":"))
                display(pair.value, indent: indent + 4, prefix: "", into: &lines)
            }
        }
    }
}
