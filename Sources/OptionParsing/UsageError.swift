/// A command line the parser refuses, worded as optparse words it (`no such option: --foo`,
/// `-t option requires 1 argument`, `option -t: invalid integer value: 'x'`).
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// Salt's (and optparse's) exit status for a bad command line, `EX_USAGE`.
    public static let exitStatus: Int32 = 64

    /// What goes to stderr: the usage line, a blank line, then `<program>: error: <message>`.
    public func report(for program: Program) -> String {
        "Usage: \(program.usageLine)\n\n\(program.name): error: \(message)\n"
    }
}
