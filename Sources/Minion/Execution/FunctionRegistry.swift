import BrineCore
import MessagePack

/// Every function this minion can run, by `module.function`, and the one place a call becomes a
/// return: success, retcode and the Salt-shaped error text.
public struct FunctionRegistry: Sendable {
    public private(set) var functions: [String: ExecutionFunction] = [:]

    public init(_ modules: [[ExecutionFunction]]) {
        for module in modules {
            for function in module { functions[function.name] = function }
        }
    }

    /// The outcome of one call, ready to become a `_return` load.
    public struct Outcome: Sendable {
        public var value: MessagePackValue
        public var retcode: Int
        /// Salt marks error returns with the nested outputter.
        public var outputter: String?
        public var success: Bool { retcode == 0 }
    }

    public func run(_ name: String, arguments raw: [MessagePackValue], context: JobContext) -> Outcome {
        guard let function = functions[name] else {
            return Outcome(value: .text("'\(name)' is not available."), retcode: 1, outputter: "nested")
        }
        do {
            let arguments = try Arguments(binding: raw, to: function)
            let value = try function.body(arguments, context)
            var retcode = context.retcode
            if retcode == 0, value["result"]?.boolValue == false || value["success"]?.boolValue == false {
                retcode = 1
            }
            return Outcome(value: value, retcode: retcode, outputter: nil)
        } catch ExecutionError.invalidArguments(let why) {
            return Outcome(value: .text("Passed invalid arguments to \(name): \(why)\n\(function.doc)"), retcode: 1, outputter: "nested")
        } catch ExecutionError.commandFailed(let why) {
            return Outcome(value: .text("ERROR: \(why)"), retcode: 1, outputter: "nested")
        } catch {
            return Outcome(value: .text("ERROR executing '\(name)': \(error)"), retcode: 1, outputter: "nested")
        }
    }
}
