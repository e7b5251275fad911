import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// The venv with stock Salt 3008.5 that `scripts/salt-venv` makes: where BRINE_SALT_VENV says, or `.salt-venv`
/// in the package root.
enum SaltVenv {
    static var path: String {
        if let variable = getenv("BRINE_SALT_VENV"), variable.pointee != 0 { return String(cString: variable) }
        var root = "\(#filePath)"  // <root>/Tests/<target>/Support/SaltVenv.swift
        for _ in 0..<4 { root = FileSystem.parent(of: root) }
        return root + "/.salt-venv"
    }

    /// The path of one of Salt's programs (`salt-master`, `salt-minion`, `salt`, `salt-key`, `salt-run`).
    /// A missing venv is an error that says how to make it: interop tests fail rather than skip.
    static func program(_ name: String) throws -> String {
        let program = path + "/bin/" + name
        guard access(program, X_OK) == 0 else {
            throw ProcessRunner.Failure(description: """
                stock Salt is missing: \(program) does not exist. Run scripts/salt-venv to make the venv \
                (or set BRINE_SALT_VENV to a venv with salt 3008.5).
                """)
        }
        return program
    }
}
