/// Options shown together under a heading in `--help` and the manual ("Target Options", "Output Options"),
/// as Salt's tools group theirs.
public struct OptionGroup: Sendable {
    /// nil for the program's own options, listed first under "Options:".
    public let title: String?
    public let description: String?
    public let options: [Option]

    /// The program's own options.
    public init(_ options: [Option]) {
        title = nil
        description = nil
        self.options = options
    }

    public init(_ title: String, description: String? = nil, _ options: [Option]) {
        self.title = title
        self.description = description
        self.options = options
    }
}
