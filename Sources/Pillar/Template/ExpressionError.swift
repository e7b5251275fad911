/// A problem found while reading an expression, before the file and line are known to it.
struct ExpressionError: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
