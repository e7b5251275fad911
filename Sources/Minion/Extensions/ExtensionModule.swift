import BrineCore
import MessagePack
import YAML

#if canImport(Glibc)
import Glibc
#endif

/// One executable module: its path, and the functions its declaration file (`greet.yaml` beside
/// `greet.sh`) declares. Without a declaration any action passes, with any arguments.
struct ExtensionModule: Sendable {
    let name: String
    let executable: String
    let timeout: Double
    /// nil: no declaration, every action passes through.
    let declared: [String: ExecutionFunction]?

    init(name: String, executable: String, timeout: Double) throws {
        self.name = name
        self.executable = executable
        self.timeout = timeout
        let directory = FileSystem.parent(of: executable)
        let declaration = ["yaml", "yml"].map { directory + "/" + name + "." + $0 }.first(where: FileSystem.exists)
        guard let declaration else {
            declared = nil
            return
        }
        let text = try FileSystem.readString(declaration)
        let value: MessagePackValue
        do {
            value = try YAMLValue.parse(text)
        } catch {
            throw ModuleFailure("\(declaration) is not YAML: \(error)")
        }
        var functions: [String: ExecutionFunction] = [:]
        for function in try ModuleDeclaration.functions(of: name, value, file: declaration, run: { Self.runner(executable, timeout, $0, $1) }) {
            functions[function.name] = function
        }
        declared = functions
    }

    var declaredFunctions: [ExecutionFunction] { declared.map { Array($0.values) } ?? [] }

    func function(_ action: String) -> ExecutionFunction? {
        if let declared { return declared[name + "." + action] }
        guard Self.isValidName(action) else { return nil }
        let function = name + "." + action
        return ExecutionFunction(
            function, doc: "\(function): runs \(executable) (no declaration file; any arguments pass through)",
            variadic: true, extraKeywords: true, body: Self.runner(executable, timeout, function, []))
    }

    static func runner(
        _ executable: String, _ timeout: Double, _ function: String, _ parameters: [Parameter]
    ) -> @Sendable (Arguments, JobContext) throws -> MessagePackValue {
        { arguments, context in
            try ModuleCall(executable: executable, function: function, timeout: timeout, parameters: parameters).run(arguments, context)
        }
    }

    /// The module a file defines: its name up to the first dot (`greet.sh` is `greet`).
    static func name(ofFile file: String) -> String {
        String(file.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    static func isDeclaration(_ file: String) -> Bool {
        file.hasSuffix(".yaml") || file.hasSuffix(".yml")
    }

    /// Names Salt could call: letters, digits and underscores.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
    }
}

/// A module that cannot be loaded or run, in words for the caller.
struct ModuleFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
