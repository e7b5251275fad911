import BrineCore
public import Logging
import Synchronization

/// The modules in `extension_modules/modules/` (synced from `salt://_modules/` or put there by
/// hand): executables in any language, each a module named after its file up to the first dot.
/// Read at start and after each sync; jobs on other threads see the change at their next lookup.
public final class ExtensionModules: Sendable {
    public let directory: String
    let timeout: Double
    private let logger: Logger
    private let modules = Mutex<[String: ExtensionModule]>([:])

    public init(directory: String, timeout: Double, logger: Logger) {
        self.directory = directory
        self.timeout = timeout
        self.logger = logger
        reload()
    }

    /// Reads the directory again. A module whose declaration does not read is left out, and the
    /// reason logged; of two executables for one module (`greet.sh`, `greet.py`) the first by name
    /// is loaded and the other named in a warning.
    public func reload() {
        var found: [String: ExtensionModule] = [:]
        for name in FileSystem.list(directory) where !ExtensionModule.isDeclaration(name) {
            let path = directory + "/" + name
            guard ExtensionModule.isExecutableFile(path) else { continue }
            let module = ExtensionModule.name(ofFile: name)
            guard ExtensionModule.isValidName(module) else { continue }
            if let first = found[module] {
                logger.warning("module \(module): \(path) ignored, \(first.executable) defines it already (the first by name wins)")
                continue
            }
            do {
                found[module] = try ExtensionModule(name: module, executable: path, timeout: timeout)
            } catch {
                logger.error("module \(module) (\(path)) not loaded: \(error)")
            }
        }
        logger.debug("modules in \(directory): \(found.keys.sorted().joined(separator: ", "))")
        modules.withLock { $0 = found }
    }

    /// The modules loaded without a declaration.
    var undeclaredNames: [String] { modules.withLock { $0.values.filter { $0.declared == nil }.map(\.name) } }

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
