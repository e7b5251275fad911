import BrineCore
import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// `test.*`: functions that check the path from operator to minion and back, and how arguments,
/// return codes and failures travel it.
enum TestModule {
    static let version = "3008.5"

    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction("test.ping", doc: "Return True: the minion is up and answering jobs. This is not an ICMP ping.\n\nCLI Example:\n\n    brine '*' test.ping") { _, _ in
                true
            },
            ExecutionFunction(
                "test.echo", doc: "Return the text given, unchanged (a number or a list comes back as one).\n\nCLI Example:\n\n    brine '*' test.echo 'foo bar baz'",
                parameters: [Parameter("text", .any)]
            ) { arguments, _ in
                arguments["text"]
            },
            ExecutionFunction(
                "test.version", doc: "Return the Salt version this minion speaks for (Brine's protocol level).\n\nCLI Example:\n\n    brine '*' test.version"
            ) { _, _ in
                .text(version)
            },
            ExecutionFunction(
                "test.versions_report",
                doc: "Return a report of the versions this minion runs: the Salt release it is compatible with and the operating system, one 'name: value' line each.\n\nCLI Example:\n\n    brine '*' test.versions_report"
            ) { _, context in
                .text(versionsReport(grains: context.grains))
            },
            ExecutionFunction(
                "test.sleep", doc: "Sleep for the given number of seconds, then return True. Useful to see how jobs that take a while are handled.\n\nCLI Example:\n\n    brine '*' test.sleep 20",
                parameters: [Parameter("length", .int)]
            ) { arguments, _ in
                let seconds = try arguments.int("length")
                if seconds > 0 { sleep(UInt32(clamping: seconds)) }
                return true
            },
            ExecutionFunction(
                "test.arg",
                doc: "Return the positional and keyword arguments received, as {'args': [...], 'kwargs': {...}}; the keywords include the job's publication as __pub_* entries.\n\nCLI Example:\n\n    brine '*' test.arg 1 two 3.1 txt=hello wow='{a: 1}'",
                variadic: true, extraKeywords: true
            ) { arguments, _ in
                ["args": .array(arguments.extraPositional), "kwargs": .map(arguments.extraKeywords)]
            },
            ExecutionFunction(
                "test.kwarg",
                doc: "Return the keyword arguments received as a dict, including the job's publication as __pub_* entries.\n\nCLI Example:\n\n    brine '*' test.kwarg num=1 txt=two env='{a: 1, b: hello}'",
                extraKeywords: true
            ) { arguments, _ in
                .map(arguments.extraKeywords)
            },
            ExecutionFunction(
                "test.retcode", doc: "Return True and set the job's return code to the one given (42 by default).\n\nCLI Example:\n\n    brine '*' test.retcode 42",
                parameters: [Parameter("code", .int, default: 42)]
            ) { arguments, context in
                context.retcode = try arguments.int("code")
                return true
            },
            ExecutionFunction(
                "test.exception", doc: "Fail on purpose with the message given, to see how a function's failure is reported.\n\nCLI Example:\n\n    brine '*' test.exception 'Oh noes!'",
                parameters: [Parameter("message", .string, default: "Test Exception")]
            ) { arguments, _ in
                throw ExecutionError.exception("Exception: \(try arguments.string("message"))")
            },
            ExecutionFunction("test.true", doc: "Return True.\n\nCLI Example:\n\n    brine '*' test.true") { _, _ in
                true
            },
            ExecutionFunction("test.false", doc: "Return False (the job still succeeds: only a 'result' or 'success' key of a dict marks failure).\n\nCLI Example:\n\n    brine '*' test.false") { _, _ in
                false
            },
            ExecutionFunction(
                "test.random_hash",
                doc: "Pick a random number between 0 and size and return its hash, hex encoded. hash_type is md5, sha1, sha224, sha256, sha384 or sha512; by default the minion's hash_type option (sha256).\n\nCLI Example:\n\n    brine '*' test.random_hash\n    brine '*' test.random_hash hash_type=sha512",
                parameters: [Parameter("size", .int, default: 9_999_999_999), Parameter("hash_type", .string, default: .nil)]
            ) { arguments, context in
                let form = try arguments.optionalString("hash_type") ?? context.config.options.string("hash_type") ?? "sha256"
                guard let digest = DigestStream(algorithm: form) else { throw ExecutionError.invocation("Invalid hash type: \(form)") }
                let size = try arguments.int("size")
                guard size >= 0 else { throw ExecutionError.invocation("size must not be negative") }
                digest.update(Array(String(Int.random(in: 0...size)).utf8))
                return .text(Digest.hex(digest.finish()))
            },
            ExecutionFunction(
                "test.fib",
                doc: "Compute the num-th Fibonacci number, slowly on purpose, and return [number, seconds taken]. For performance tests.\n\nCLI Example:\n\n    brine '*' test.fib 3",
                parameters: [Parameter("num", .int)]
            ) { arguments, _ in
                let num = try arguments.int("num")
                guard num >= 0 else { throw ExecutionError.exception("ValueError: Negative number is not allowed!") }
                let start = Timestamp.monotonic()
                var (previous, current): (Int64, Int64) = (0, num < 2 ? Int64(num) : 1)
                if num >= 2 {
                    for _ in 1..<num { (previous, current) = (current, previous &+ current) }
                }
                return [.int(current), .double(Timestamp.monotonic() - start)]
            },
        ]
    }

    /// Salt's layout: a heading per section, then each entry right-aligned on a common column.
    static func versionsReport(grains: MessagePackValue) -> String {
        var system = utsname()
        uname(&system)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let dist = ["os", "osrelease", "oscodename"].compactMap { grains.string($0) }.filter { !$0.isEmpty }
        let sections: [(String, [(String, String)])] = [
            ("Salt Version", [("Salt", version)]),
            ("System Versions", [
                ("dist", dist.joined(separator: " ").lowercased()),
                ("machine", field(system.machine)),
                ("release", field(system.release)),
                ("system", field(system.sysname)),
                ("version", field(system.version)),
            ]),
        ]
        let width = sections.flatMap { $0.1.map(\.0.count) }.reduce("Not Installed".count, max) + 1
        var lines: [String] = []
        for (title, entries) in sections {
            lines.append("\(title):")
            for (name, value) in entries {
                lines.append(String(repeating: " ", count: width - name.count) + "\(name): \(value.isEmpty ? "Not Installed" : value)")
            }
            lines.append(" ")
        }
        return lines.joined(separator: "\n")
    }
}
