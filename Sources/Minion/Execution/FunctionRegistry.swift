import BrineCore
public import MessagePack

/// Every function this minion can run, by `module.function`, and the one place a call becomes a
/// return: success, retcode and the Salt-shaped error text. The built-in functions are fixed at start;
/// the modules in `extension_modules` change with each sync, so each lookup reads them anew.
public struct FunctionRegistry: Sendable {
    private var builtins: [String: ExecutionFunction] = [:]
    private let extensions: ExtensionModules?

    public init(extensions: ExtensionModules? = nil, _ modules: [[ExecutionFunction]]) {
        self.extensions = extensions
        for module in modules {
            for function in module { builtins[function.name] = function }
        }
    }

    /// Every function as of now: the built-in ones, and the synced modules' (which cannot replace a
    /// built-in function).
    public var functions: [String: ExecutionFunction] {
        guard let extensions else { return builtins }
        return builtins.merging(extensions.functions) { builtin, _ in builtin }
    }

    /// The synced modules without a declaration: they answer any action, so `functions` lists none
    /// of theirs, but `sys.list_modules` names them.
    public var undeclaredModules: [String] {
        extensions?.undeclaredNames ?? []
    }

    /// Reads `extension_modules` again (after a sync).
    public func reloadExtensions() {
        extensions?.reload()
    }

    /// The outcome of one call, ready to become a `_return` load.
    public struct Outcome: Sendable {
        public var value: MessagePackValue
        public var retcode: Int
        /// Salt marks error returns with the nested outputter.
        public var outputter: String?
        /// Why the call failed, for callers that report failures their own way (`brine-call`, like
        /// `salt-call`, prints them on stderr instead of as the return).
        public var error: ExecutionError?
        public var success: Bool { retcode == 0 }
    }

    public func run(_ name: String, arguments raw: [MessagePackValue], context: JobContext) -> Outcome {
        guard let function = builtins[name] ?? extensions?.function(name) else {
            return Outcome(value: .text("'\(name)' is not available."), retcode: 1, outputter: "nested")
        }
        let failure: ExecutionError
        do {
            let arguments = try Arguments(binding: raw, to: function, publication: context.publication)
            let value = try function.body(arguments, context)
            var retcode = context.retcode
            if retcode == 0, value["result"]?.boolValue == false || value["success"]?.boolValue == false {
                retcode = 1
            }
            return Outcome(value: value, retcode: retcode, outputter: nil)
        } catch let error as ExecutionError {
            failure = error
        } catch {
            failure = .exception("\(error)")
        }
        let text: String
        switch failure {
        case .invalidArguments(let why): text = "Passed invalid arguments to \(name): \(why)\n\(function.doc)"
        case .invocation(let why): text = "ERROR executing '\(name)': \(why)"
        case .commandFailed(let why): text = "ERROR: \(why)"
        case .exception(let why): text = "The minion function caused an exception: \(why)"
        }
        return Outcome(value: .text(text), retcode: 1, outputter: "nested", error: failure)
    }
}
