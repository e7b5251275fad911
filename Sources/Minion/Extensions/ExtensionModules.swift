import BrineCore
import Synchronization

/// The modules in `extension_modules/modules/` (synced from `salt://_modules/` or put there by
/// hand): executables in any language, each a module named after its file up to the first dot.
/// Read at start and after each sync; jobs on other threads see the change at their next lookup.
public final class ExtensionModules: Sendable {
    public let directory: String
    let timeout: Double
    private let modules = Mutex<[String: ExtensionModule]>([:])

    public init(directory: String, timeout: Double) {
        self.directory = directory
        self.timeout = timeout
        reload()
    }

    /// Reads the directory again; the names of the modules now loaded, sorted. A declaration that
    /// does not read leaves its module out, with the reason in `problems`.
    @discardableResult
    public func reload() -> [String] {
        var found: [String: ExtensionModule] = [:]
        var problems: [String] = []
        for name in FileSystem.list(directory) where !ExtensionModule.isDeclaration(name) {
            let path = directory + "/" + name
            guard ExtensionModule.isExecutableFile(path) else { continue }
            let module = ExtensionModule.name(ofFile: name)
            guard ExtensionModule.isValidName(module), found[module] == nil else { continue }
            do {
                found[module] = try ExtensionModule(name: module, executable: path, timeout: timeout)
            } catch {
                problems.append("\(path): \(error)")
            }
        }
        modules.withLock { $0 = found }
        loadProblems.withLock { $0 = problems }
        return found.keys.sorted()
    }

    /// Why a module present in the directory was not loaded at the last reload.
    public var problems: [String] { loadProblems.withLock { $0 } }
    private let loadProblems = Mutex<[String]>([])

    /// The declared functions of every module, by `module.action`.
    var functions: [String: ExecutionFunction] {
        let current = modules.withLock { $0 }
        var all: [String: ExecutionFunction] = [:]
        for module in current.values {
            for function in module.declaredFunctions { all[function.name] = function }
        }
        return all
    }

    /// `module.action`: the declared action, or any action of a module without a declaration.
    func function(_ name: String) -> ExecutionFunction? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let module = modules.withLock({ $0[parts[0]] }) else { return nil }
        return module.function(parts[1])
    }
}
