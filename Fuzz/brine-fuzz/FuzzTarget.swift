import MessagePack
import PythonRules
import SaltWire
import Targeting
import YAML

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry points for the parsers that read what other machines and operators send: the
/// msgpack decoder, the request envelope and the loads read from it (`_auth` above all), target
/// expressions, the YAML loader, and the JSON reader custom modules' answers go through. One binary; `BRINE_FUZZ_TARGET` picks the parser. A crash is
/// a Swift trap (or an AddressSanitizer report from the C libraries underneath); `scripts/fuzz`
/// runs each target for a bounded time against `Fuzz/Corpus/<target>`.
enum FuzzTarget: String, CaseIterable {
    case msgpack
    case envelope
    case target
    case yaml
    case json

    func run(_ bytes: [UInt8]) {
        switch self {
        case .msgpack: Self.msgpack(bytes)
        case .envelope: Self.envelope(bytes)
        case .target: Self.target(bytes)
        case .yaml: Self.yaml(bytes)
        case .json: Self.json(bytes)
        }
    }

    /// Whatever decodes encodes again, and decodes to a value again.
    static func msgpack(_ bytes: [UInt8]) {
        guard let value = try? MessagePack.decode(bytes) else { return }
        guard (try? MessagePack.decode(MessagePack.encode(value))) != nil else { fatalError("re-encoded value does not decode") }
        _ = try? MessagePack.decode(bytes, maxValues: 16)
        _ = try? MessagePack.decodeStream(bytes)
    }

    /// The master's first steps on a frame from port 4506, and the loads it reads from a request.
    static func envelope(_ bytes: [UInt8]) {
        guard let envelope = try? Envelope.decode(bytes) else { return }
        guard let load = envelope["load"] else { return }
        _ = try? AuthRequest(load: load)
        _ = try? MinionRequest(load)
        _ = try? JobPublication(load: load)
        _ = try? JobReturn(load: load)
        _ = try? LocalCommand(decoding: bytes)
        _ = EventTag(envelope.string("tag") ?? "").mayBeFired(by: "fuzz")
    }

    /// The first byte picks the target type, the rest is the expression; a compiled target is matched
    /// against one minion.
    static func target(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let types = TargetType.allCases
        let type = types[Int(first) % types.count]
        let expression = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let nodegroups: [String: MessagePackValue] = ["web": "web* or G@role:web", "loop": "N@loop"]
        guard let target = try? Target(.text(expression), type: type, nodegroups: nodegroups) else { return }
        let grains: MessagePackValue = ["os": "Debian", "role": ["web", "db"], "ipv4": ["10.0.0.1", "127.0.0.1"], "app": ["tier": "front"]]
        _ = target.matches(MinionFacts(id: "web1.example.com", grains: grains, pillar: grains))
    }

    static func yaml(_ bytes: [UInt8]) {
        _ = try? YAMLValue.parse(String(decoding: bytes, as: UTF8.self))
    }

    /// Whatever parses is written again and parses to the same value.
    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(String(decoding: bytes, as: UTF8.self)) else { return }
        guard let again = try? JSONParser.parse(JSONText.encode(value, indent: nil)) else { fatalError("written JSON does not parse") }
        guard again == value else { fatalError("JSON changed on a round trip") }
    }
}

nonisolated(unsafe) private var selected = FuzzTarget.msgpack

/// libFuzzer's driver (compiler-rt): parses the command line, then calls `callback` once per input.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The program's entry point. SwiftPM links an executable's `main` to `<module>_main`, so libFuzzer's
/// own `main` is never pulled in; this one picks the target and hands over to libFuzzer's driver.
@_cdecl("brine_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    guard let name = getenv("BRINE_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
        print("brine-fuzz: set BRINE_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        return 2
    }
    selected = target
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return runDriver(&count, &arguments) { data, size in
        selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
}
