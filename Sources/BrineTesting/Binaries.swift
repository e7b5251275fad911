import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// The built executables: beside the test bundle, or where BRINE_BIN_DIR says.
public enum Binaries {
    public static func path(_ name: String) -> String {
        if let directory = getenv("BRINE_BIN_DIR") { return String(cString: directory) + "/" + name }
        let bundle = CommandLine.arguments[0]
        var directory = FileSystem.parent(of: bundle)
        while directory.hasSuffix(".xctest") || directory.contains(".xctest/") {
            directory = FileSystem.parent(of: directory)
        }
        return directory + "/" + name
    }
}
