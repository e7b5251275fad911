import BrineCore
import MessagePack
import PythonRules

/// One call of an executable module: `<executable> <action>`, one JSON object on stdin
/// (`function`, `args`, `kwargs`, `jid`, `grains`, `pillar`), one JSON object expected on stdout
/// (`return`, and `retcode`, 0 by default). The module runs in a process group of its own, killed
/// when it outlives `timeout`; a crash, a timeout or output that is not such an object fails the call
/// with retcode 1 and says why.
struct ModuleCall {
    let executable: String
    let function: String
    let timeout: Double
    /// The declared parameters, in order (none for a module without a declaration).
    let parameters: [Parameter]

    /// Bytes a module may print (stdout and stderr); past them it is killed (its output is held in memory).
    static let maxOutputBytes = 64 << 20

    func run(_ arguments: Arguments, _ context: JobContext) throws -> MessagePackValue {
        let action = String(function.split(separator: ".", maxSplits: 1).last ?? "")
        var request = ProcessRunner.Request([executable, action])
        request.stdin = Array(JSONText.encode(input(arguments, context), indent: nil).utf8)
        request.timeout = timeout
        request.cwd = FileSystem.parent(of: executable)
        request.maxOutputBytes = Self.maxOutputBytes
        let result: ProcessRunner.Result
        do {
            result = try ProcessRunner.run(request, observer: context)
        } catch {
            throw ExecutionError.commandFailed("\(function): \(executable) could not be started: \(error)")
        }
        if result.timedOut {
            throw ExecutionError.commandFailed("\(function) did not finish within \(Self.seconds(timeout)) seconds and was killed")
        }
        guard !result.outputExceeded else {
            throw ExecutionError.commandFailed("\(function) printed more than \(Self.maxOutputBytes >> 20) MiB and was killed")
        }
        let stderr = result.stderr.trimmingTrailingWhitespace()
        let why = stderr.isEmpty ? "" : "; stderr: \(stderr.suffix(2000))"
        let answer: MessagePackValue
        do {
            answer = try JSONParser.parse(result.stdout)
        } catch {
            let status = result.status == 0 ? "" : " (exit status \(result.status))"
            throw ExecutionError.commandFailed("\(function) did not print one JSON object on stdout\(status): \(error)\(why)")
        }
        guard answer.mapValue != nil, let value = answer["return"] else {
            throw ExecutionError.commandFailed("\(function) printed JSON without a \"return\" key\(why)")
        }
        var retcode = 0
        if let code = answer["retcode"], !code.isNil {
            guard let number = code.intValue else { throw ExecutionError.commandFailed("\(function) printed a retcode that is not an integer: \(code.pythonRepr)") }
            retcode = number
        } else if result.status != 0 {
            retcode = Int(result.status)
        }
        if retcode != 0 { context.retcode = retcode }
        return value
    }

    /// The object on the module's stdin. Declared arguments come typed by their declaration, in
    /// order; a module without a declaration gets the call's arguments as they came.
    func input(_ arguments: Arguments, _ context: JobContext) -> MessagePackValue {
        let positional = parameters.filter { !$0.keywordOnly }.map { Self.typed(arguments[$0.name], $0.kind) }
        let keywordOnly = parameters.filter(\.keywordOnly).map { MessagePackPair(.text($0.name), Self.typed(arguments[$0.name], $0.kind)) }
        let extra = arguments.extraKeywords.filter { !($0.key.stringValue ?? "").hasPrefix("__") }
        return [
            "function": .text(function), "args": .array(positional + arguments.extraPositional),
            "kwargs": .map(keywordOnly + extra), "jid": .text(context.jid), "grains": context.grains, "pillar": context.pillar,
        ]
    }

    /// A value as its declared kind reads it: `"8"` is 8 for an int, `"yes"` true for a bool.
    static func typed(_ value: MessagePackValue, _ kind: Parameter.Kind) -> MessagePackValue {
        switch kind {
        case .int:
            if let number = value.intValue { return .int(Int64(number)) }
            if let number = value.doubleValue, number == number.rounded(), abs(number) < 9e18 { return .int(Int64(number)) }
            if let text = value.stringValue, let number = Int64(text) { return .int(number) }
        case .float:
            if let number = value.doubleValue { return .double(number) }
            if let text = value.stringValue, let number = Double(text) { return .double(number) }
        case .bool:
            if let flag = value.boolValue { return .bool(flag) }
            if let number = value.intValue { return .bool(number != 0) }
            switch value.stringValue?.lowercased() {
            case "true", "yes", "1": return true
            case "false", "no", "0": return false
            default: break
            }
        case .string:
            if !value.isNil, value.stringValue == nil { return .text(value.pythonString) }
        case .list, .dict, .any:
            break
        }
        return value
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
