/// A program's command line as declared: its name, usage line, option groups and the words after the
/// options. `OptionParser` parses by it; `HelpText`, the completion scripts and `ManualPage` are made from it.
public struct Program: Sendable {
    /// A word after the options (`<target>`, `<function>`), for the manual and the completions.
    public struct Operand: Sendable {
        public let name: String
        public let help: String
        public let completion: Option.Completion

        public init(_ name: String, help: String, completion: Option.Completion = .none) {
            self.name = name
            self.help = help
            self.completion = completion
        }
    }

    /// A titled block of the manual page (exit status, examples, how Salt's parsing surprises).
    public struct Section: Sendable {
        public let title: String
        public let text: String

        public init(_ title: String, _ text: String) {
            self.title = title
            self.text = text
        }
    }

    public let name: String
    public let version: String
    /// What follows "Usage: " (`%prog` stands for the name), as optparse's usage strings.
    public let usage: String
    /// One line for the manual's NAME section.
    public let summary: String
    public let description: String
    public let groups: [OptionGroup]
    public let operands: [Operand]
    /// Printed at the end of `--help`.
    public let epilog: String?
    public let sections: [Section]

    public init(
        name: String, version: String, usage: String = "%prog [options]", summary: String, description: String,
        groups: [OptionGroup], operands: [Operand] = [], epilog: String? = nil, sections: [Section] = []
    ) {
        self.name = name
        self.version = version
        self.usage = usage
        self.summary = summary
        self.description = description
        self.groups = groups
        self.operands = operands
        self.epilog = epilog
        self.sections = sections
    }

    /// Every option, in declaration order, hidden ones included.
    public var options: [Option] { groups.flatMap(\.options) }

    /// The options a user is shown.
    public var visibleOptions: [Option] { options.filter { !$0.isHidden } }

    /// The usage line with the program's name in place of `%prog`.
    public var usageLine: String { usage.replacingProgramName(with: name) }
}

extension String {
    func replacingProgramName(with name: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: "%prog") {
            result += rest[..<range.lowerBound] + name
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    func range(of needle: String) -> Range<String.Index>? {
        Substring(self).range(of: needle)
    }
}

extension Substring {
    func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var start = startIndex
        while start < endIndex {
            if self[start...].hasPrefix(needle) {
                return start..<index(start, offsetBy: needle.count)
            }
            start = index(after: start)
        }
        return nil
    }
}
