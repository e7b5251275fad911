import MessagePack
import SaltWire

/// The execution functions a simulated minion answers, with a stock minion's return values and error
/// texts; everything else gets Salt's `'x.y' is not available.`.
enum SwarmFunctions {
    enum Outcome {
        case finished(value: MessagePackValue, retcode: Int, outputter: String?)
        /// `test.sleep`: return `True` after this many seconds, without holding up any other minion.
        case later(seconds: Double)
    }

    /// - Parameter running: the publications of the jobs this minion is still running, by jid, for
    ///   `saltutil.find_job`.
    static func run(
        _ name: String, arguments: [MessagePackValue], grains: @autoclosure () -> MessagePackValue,
        running: [String: MessagePackValue]
    ) -> Outcome {
        let (positional, keywords) = split(arguments)
        func argument(_ keyword: String) -> MessagePackValue? {
            positional.first ?? keywords[keyword]
        }
        switch name {
        case "test.ping":
            return .finished(value: true, retcode: 0, outputter: nil)
        case "test.echo":
            guard let text = argument("text") else { return missing(name, "echo", "text") }
            return .finished(value: text, retcode: 0, outputter: nil)
        case "test.sleep":
            guard let length = argument("length") else { return missing(name, "sleep", "length") }
            guard let seconds = length.doubleValue ?? length.stringValue.flatMap(Double.init), seconds >= 0 else {
                return .finished(
                    value: .text("ERROR executing '\(name)': invalid length \(length.stringValue ?? "")"), retcode: 1,
                    outputter: "nested")
            }
            return .later(seconds: seconds)
        case "grains.items":
            return .finished(value: grains(), retcode: 0, outputter: nil)
        case "saltutil.find_job":
            guard let jid = argument("jid")?.stringValue else { return missing(name, "find_job", "jid") }
            return .finished(value: running[jid] ?? [:], retcode: 0, outputter: nil)
        default:
            return .finished(value: .text("'\(name)' is not available."), retcode: 1, outputter: "nested")
        }
    }

    /// Positional arguments, and the keywords Salt's CLI packs into a trailing `{"__kwarg__": True, ...}`.
    private static func split(_ arguments: [MessagePackValue]) -> ([MessagePackValue], [String: MessagePackValue]) {
        let call = CallArguments(arguments)
        return (call.positional, call.keywordsByName)
    }

    private static func missing(_ name: String, _ python: String, _ parameter: String) -> Outcome {
        .finished(
            value: .text("Passed invalid arguments to \(name): \(python)() missing 1 required positional argument: '\(parameter)'"),
            retcode: 1, outputter: "nested")
    }
}
