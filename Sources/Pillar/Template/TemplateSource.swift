/// A template named by `include` or `import_yaml`, as the loader found it.
public struct TemplateSource: Sendable {
    public var text: String
    /// The name the errors give (the file's path on the master).
    public var file: String

    public init(text: String, file: String) {
        self.text = text
        self.file = file
    }
}
