import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// The venv with stock Salt 3008.5 that `scripts/salt-venv` makes: where BRINE_SALT_VENV says, or `.salt-venv`
/// in the package root.
public enum SaltVenv {
    public static var path: String {
        if let variable = getenv("BRINE_SALT_VENV"), variable.pointee != 0 { return String(cString: variable) }
        return PackageRoot.path + "/.salt-venv"
    }

    /// The path of one of Salt's programs (`salt-master`, `salt-minion`, `salt`, `salt-key`, `salt-run`).
    /// A missing venv is an error that says how to make it: interop tests fail rather than skip.
    public static func program(_ name: String) throws -> String {
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
