/// `--help` in optparse's layout (its `IndentedHelpFormatter`), which Salt's tools print: the usage line,
/// the description, "Options:" with each group indented under its heading, option spellings in a column
/// of at most 24 characters and their help wrapped beside it, then the epilog.
public struct HelpText: Sendable {
    public let program: Program
    /// The line width: the terminal's `COLUMNS` (or 80) less 2, as optparse takes it.
    public let width: Int

    public init(_ program: Program, columns: Int = 80) {
        self.program = program
        width = max(columns, 13) - 2
    }

    public var text: String {
        var out = "Usage: \(program.usageLine)\n\n"
        out += fill(program.description, indent: 0) + "\n"
        out += "Options:\n"
        let column = helpColumn
        var blocks: [String] = []
        let own = program.groups.filter { $0.title == nil }.flatMap(\.options).filter { !$0.isHidden }
        if !own.isEmpty { blocks.append(own.map { format($0, indent: 2, column: column) }.joined()) }
        for group in program.groups where group.title != nil {
            let options = group.options.filter { !$0.isHidden }
            guard !options.isEmpty, let title = group.title else { continue }
            var block = "  \(title):\n"
            var parts: [String] = []
            if let description = group.description { parts.append(fill(description, indent: 4)) }
            parts.append(options.map { format($0, indent: 4, column: column) }.joined())
            block += parts.joined(separator: "\n")
            blocks.append(block)
        }
        out += blocks.joined(separator: "\n")
        if let epilog = program.epilog {
            out += "\n" + fill(epilog.replacingProgramName(with: program.name), indent: 0)
        }
        return out
    }

    /// `-c CONFIG_DIR, --config-dir=CONFIG_DIR`.
    static func spellings(_ option: Option) -> String {
        let short = option.shortNames.map { option.takesValue ? "\($0) \(option.metavar)" : $0 }
        let long = option.longNames.map { option.takesValue ? "\($0)=\(option.metavar)" : $0 }
        return (short + long).joined(separator: ", ")
    }

    /// Where help text starts: two past the longest spelling, at most 24.
    private var helpColumn: Int {
        var longest = 0
        for group in program.groups {
            let indent = group.title == nil ? 2 : 4
            for option in group.options where !option.isHidden {
                longest = max(longest, Self.spellings(option).count + indent)
            }
        }
        return min(longest + 2, 24)
    }

    private func format(_ option: Option, indent: Int, column: Int) -> String {
        let spellings = Self.spellings(option)
        let pad = String(repeating: " ", count: indent)
        let room = column - indent - 2
        var out: String
        var firstIndent: Int
        if spellings.count > room {
            out = pad + spellings + "\n"
            firstIndent = column
        } else {
            out = pad + spellings + String(repeating: " ", count: room - spellings.count + 2)
            firstIndent = 0
        }
        let lines = TextWrap.wrap(option.help, width: max(width - column, 11))
        guard let first = lines.first else { return out.hasSuffix("\n") ? out : out + "\n" }
        out += String(repeating: " ", count: firstIndent) + first + "\n"
        for line in lines.dropFirst() { out += String(repeating: " ", count: column) + line + "\n" }
        return out
    }

    private func fill(_ text: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return TextWrap.wrap(text, width: max(width - indent, 11)).map { pad + $0 + "\n" }.joined()
    }
}
