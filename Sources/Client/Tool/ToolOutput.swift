import BrineCore
public import MessagePack
public import OptionParsing

/// Where and how `brine-run`, `brine-call` and `brine-key` print a result, from Salt's output options:
/// the outputter (`--out`, nil when not given), `--out-indent`, `--out-file` (`--out-file-append`), and
/// colour (`--force-color`, `--no-color`, else only on a terminal and never into a file).
public struct ToolOutput: Sendable {
    public let chosen: OutputChoice?
    public let indent: Int?
    public let color: Bool
    public let file: OutputFile?

    /// Throws when `--out-file` cannot be written (Salt refuses the command line then).
    public init(_ parsed: ParsedCommandLine) throws {
        chosen = parsed.isGiven("output") ? OutputChoice(parsed.string("output")) : nil
        indent = parsed.int("output_indent")
        file = try parsed.string("output_file").map { try OutputFile($0, append: parsed.flag("output_file_append")) }
        color = parsed.flag("force_color") || (!parsed.flag("no_color") && file == nil && Console.isTerminal)
    }

    /// The value through the chosen outputter (`nested` when none was), as `{minion: value}` when `minion` is given.
    public func show(_ value: MessagePackValue, minion: String? = nil, retcode: Int = 0) {
        emit((chosen ?? OutputChoice(.nested)).render(value, minion: minion, indent: indent, color: color, retcode: retcode))
    }

    /// Text that is already laid out, to the file or stdout.
    public func emit(_ text: String) {
        guard !text.isEmpty else { return }
        if let file { file.add(text) } else { Console.out(text) }
    }
}
