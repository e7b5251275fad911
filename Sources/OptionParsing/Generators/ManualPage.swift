/// A manual page (roff, section 1) made from a program's declaration: NAME, SYNOPSIS, DESCRIPTION, the
/// options under their groups' headings, the operands, then the program's own sections (exit status,
/// how Salt's parsing behaves). It carries no date, so a build makes the same page every time.
public enum ManualPage {
    public static func page(for program: Program, seeAlso: [String] = []) -> String {
        var out = ".TH \(program.name.uppercased()) 1 \"\" \"Brine \(program.version)\" \"Brine Manual\"\n"
        out += ".SH NAME\n\(escaped(program.name)) \\- \(escaped(program.summary))\n"
        let usage = program.usageLine
        let words = usage.split(separator: " ", maxSplits: 1)
        out += ".SH SYNOPSIS\n.B \(escaped(String(words[0])))\n"
        if words.count > 1 { out += escaped(String(words[1])) + "\n" }
        out += ".SH DESCRIPTION\n" + paragraphs(program.description)
        if !program.operands.isEmpty {
            out += ".SH ARGUMENTS\n"
            for operand in program.operands {
                out += ".TP\n.I \(escaped(operand.name))\n\(line(operand.help))\n"
            }
        }
        out += ".SH OPTIONS\n"
        for group in program.groups {
            let options = group.options.filter { !$0.isHidden }
            guard !options.isEmpty else { continue }
            if let title = group.title {
                out += ".SS \"\(escaped(title))\"\n"
                if let description = group.description { out += paragraphs(description) }
            }
            for option in options {
                out += ".TP\n" + spellings(option) + "\n" + line(option.help) + "\n"
            }
        }
        for section in program.sections {
            out += ".SH \(escaped(section.title.uppercased()))\n" + paragraphs(section.text)
        }
        if !seeAlso.isEmpty {
            out += ".SH \"SEE ALSO\"\n" + seeAlso.map { "\\fB\(escaped($0))\\fR(1)" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// `\fB\-t\fR \fITIMEOUT\fR, \fB\-\-timeout\fR=\fITIMEOUT\fR`.
    private static func spellings(_ option: Option) -> String {
        let short = option.shortNames.map { "\\fB\(escaped($0))\\fR" + (option.takesValue ? " \\fI\(escaped(option.metavar))\\fR" : "") }
        let long = option.longNames.map { "\\fB\(escaped($0))\\fR" + (option.takesValue ? "=\\fI\(escaped(option.metavar))\\fR" : "") }
        return (short + long).joined(separator: ", ")
    }

    /// Blank-line separated paragraphs; lines indented by two or more spaces are kept as written (examples).
    private static func paragraphs(_ text: String) -> String {
        var out = ""
        for paragraph in text.splitParagraphs() {
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.allSatisfy({ $0.hasPrefix("  ") }) {
                out += ".PP\n.nf\n" + lines.map { line(String($0)) }.joined(separator: "\n") + "\n.fi\n"
            } else {
                out += ".PP\n" + line(lines.joined(separator: " ")) + "\n"
            }
        }
        return out
    }

    private static func line(_ text: String) -> String {
        let body = escaped(text)
        return body.hasPrefix(".") || body.hasPrefix("'") ? "\\&" + body : body
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            default: out.append(character)
            }
        }
        return out
    }
}

extension String {
    func splitParagraphs() -> [String] {
        var paragraphs: [String] = []
        var current: [Substring] = []
        for line in split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " }) {
                if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
        return paragraphs
    }
}
