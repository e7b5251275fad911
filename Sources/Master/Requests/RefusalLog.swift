import BrineCore
import Logging

/// Logs why requests go unanswered without a line per request: under a flood of returns that cannot
/// be stored, one line every few seconds says what happens and how often.
struct RefusalLog {
    let logger: Logger
    private var last: String?
    private var count = 0
    private var lastLogged = 0.0
    private static let interval = 5.0

    init(logger: Logger) {
        self.logger = logger
    }

    mutating func note(_ why: String) {
        count += 1
        let now = Timestamp.monotonic()
        guard why != last || now - lastLogged >= Self.interval else { return }
        logger.error("\(why)\(count > 1 ? " (\(count) times since the last such line)" : "")")
        last = why
        count = 0
        lastLogged = now
    }
}
