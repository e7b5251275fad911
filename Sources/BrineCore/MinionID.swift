/// Minion ids name files in the master's pki dir and cache, so anything that could escape a directory
/// or confuse a terminal is refused, on both the minion (at start) and the master (on every request).
public enum MinionID {
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let id: String
        public let reason: String
        public var description: String { "invalid minion id '\(MinionID.printable(id))': \(reason)" }
    }

    /// Text a peer sent, fit for a log line: control characters become '?', so none can forge a line.
    public static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })
    }

    /// Longest id accepted: a file name must fit in 255 bytes.
    public static let maxLength = 255

    public static func validate(_ id: String) throws(Invalid) {
        if id.isEmpty { throw Invalid(id: id, reason: "it is empty") }
        if id.utf8.count > maxLength { throw Invalid(id: id, reason: "it is longer than \(maxLength) bytes") }
        if id == "." || id == ".." || id.contains("..") {
            throw Invalid(id: id, reason: "it contains '..'")
        }
        // A key file named '.x' is hidden: no listing (brine-key -L, salt-key -L) would ever show it.
        if id.hasPrefix(".") { throw Invalid(id: id, reason: "it starts with '.'") }
        if id.contains("/") || id.contains("\\") {
            throw Invalid(id: id, reason: "it contains a path separator")
        }
        if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw Invalid(id: id, reason: "it contains control characters")
        }
    }

    public static func isValid(_ id: String) -> Bool {
        (try? validate(id)) != nil
    }
}
