/// Why a pillar template could not be rendered: the construct at fault, the file and the line, so the
/// operator reading the master's log can go straight to it.
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public let file: String
    public let line: Int

    public init(_ message: String, file: String, line: Int) {
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(file), line \(line): \(message)" }
}
