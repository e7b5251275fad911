import BrineCore
import BrineTesting
import MessagePack
@testable import Minion
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// One minion for every test, built as brine-minion builds it (so the registered function list is
/// the real one), with a config in a scratch directory and no DNS lookups for grains.
enum Host {
    static let configDir = try! TemporaryDirectory.make("minion-tests")

    static let minion: Minion = {
        let config = try! MinionConfig(options: ["id": "minion-tests", "enable_fqdns_grains": false], configDir: configDir)
        return try! Minion(config: config)
    }()

    static var isRoot: Bool { geteuid() == 0 }
}

/// Calls a function the way a publication does: positional arguments, then the keywords in a
/// trailing `__kwarg__` map.
func call(_ name: String, _ positional: MessagePackValue..., kwargs: KeyValuePairs<String, MessagePackValue> = [:]) -> FunctionRegistry.Outcome {
    var arguments = positional
    if !kwargs.isEmpty {
        arguments.append(.map([MessagePackPair("__kwarg__", true)] + kwargs.map { MessagePackPair(.text($0.key), $0.value) }))
    }
    return Host.minion.call(name, arguments: arguments)
}

/// The return of a call that must succeed.
func value(_ name: String, _ positional: MessagePackValue..., kwargs: KeyValuePairs<String, MessagePackValue> = [:],
           file: StaticString = #filePath, line: UInt = #line) -> MessagePackValue {
    var arguments = positional
    if !kwargs.isEmpty {
        arguments.append(.map([MessagePackPair("__kwarg__", true)] + kwargs.map { MessagePackPair(.text($0.key), $0.value) }))
    }
    let outcome = Host.minion.call(name, arguments: arguments)
    XCTAssertEqual(outcome.retcode, 0, "\(name) failed: \(readable(outcome.value))", file: file, line: line)
    return outcome.value
}

/// Reads a file the test wrote.
func text(of path: String) -> String {
    (try? FileSystem.readString(path)) ?? "<missing>"
}

/// A value as text for failure messages (MessagePack strings print as bytes otherwise).
func readable(_ value: MessagePackValue) -> String {
    switch value {
    case .string, .binary: return value.stringValue.map { "'\($0)'" } ?? "\(value)"
    case .array(let items): return "[" + items.map(readable).joined(separator: ", ") + "]"
    case .map(let pairs): return "{" + pairs.map { readable($0.key) + ": " + readable($0.value) }.joined(separator: ", ") + "}"
    default: return "\(value)"
    }
}
