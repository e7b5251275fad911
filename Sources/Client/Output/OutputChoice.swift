import Logging
public import MessagePack

/// The outputter `--out` chose. As in Salt, a name that is no outputter falls back to `nested` and says so
/// on stderr each time it prints (`[ERROR   ] Invalid outputter x specified, fall back to nested`);
/// `text` is another name for `txt`.
public struct OutputChoice: Sendable {
    public let format: OutputFormat
    /// The name given when it is no outputter.
    public let unknown: String?

    public init(_ name: String?) {
        let spelled = name == "text" ? "txt" : name ?? "nested"
        if let format = OutputFormat(rawValue: spelled) {
            self.format = format
            unknown = nil
        } else {
            format = .nested
            unknown = spelled.isEmpty ? nil : spelled
        }
    }

    public init(_ format: OutputFormat) {
        self.format = format
        unknown = nil
    }

    public var isQuiet: Bool { format == .quiet }

    public func render(
        _ value: MessagePackValue, minion: String? = nil, indent: Int? = nil, color: Bool = false, retcode: Int = 0
    ) -> String {
        if let unknown {
            Logger(label: "brine").error("Invalid outputter \(unknown) specified, fall back to nested")
        }
        return format.render(value, minion: minion, indent: indent, color: color, retcode: retcode)
    }
}
