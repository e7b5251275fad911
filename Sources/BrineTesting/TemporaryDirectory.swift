import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// Scratch directories for tests and benchmarks. Nothing removes them: what a failing run leaves
/// behind (configs, logs, databases) is what there is to look at.
public enum TemporaryDirectory {
    /// A new directory `/tmp/brine-<name>.XXXXXX`, readable by this user only.
    public static func make(_ name: String) throws -> String {
        var template = Array("/tmp/brine-\(name).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ProcessRunner.Failure(description: "cannot make a directory under /tmp: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }
}
