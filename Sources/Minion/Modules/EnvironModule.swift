import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// `environ.*`: the minion process's environment variables.
enum EnvironModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "environ.get",
                doc: "Return the value of an environment variable of the minion process, or default ('' unless given) when it is not set.\n\nCLI Example:\n\n    brine '*' environ.get PATH",
                parameters: [Parameter("key", .any), Parameter("default", .any, default: "")]
            ) { arguments, _ in
                // Salt answers False, rather than failing, when the key is not text.
                guard let key = arguments["key"].stringValue else { return false }
                return getenv(key).map { .text(String(cString: $0)) } ?? arguments["default"]
            },
            ExecutionFunction(
                "environ.items", doc: "Return the minion process's environment as a dict.\n\nCLI Example:\n\n    brine '*' environ.items"
            ) { _, _ in
                .map(ProcessRunner.inheritedEnvironment().compactMap { entry in
                    guard let equals = entry.firstIndex(of: "=") else { return nil }
                    return MessagePackPair(.text(String(entry[..<equals])), .text(String(entry[entry.index(after: equals)...])))
                })
            },
        ]
    }
}
