import Foundation
import MessagePack

// MARK: - Hex

func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    precondition(digits.count % 2 == 0, "odd hex length")
    func nibble(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: preconditionFailure("bad hex digit \(digit)")
        }
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
        bytes.append(nibble(digits[index]) << 4 | nibble(digits[index + 1]))
        index += 2
    }
    return bytes
}

func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let table = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(table[Int(byte >> 4)])
        out.append(table[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
}

// MARK: - Strict comparison

/// Where two values differ, or nil when they are identical. Unlike `==`, floats compare by bit
/// pattern (so NaN equals itself and 0.0 differs from -0.0): the codec must carry bits, not values.
func difference(_ lhs: MessagePackValue, _ rhs: MessagePackValue, at path: String = "$") -> String? {
    switch (lhs, rhs) {
    case (.double(let a), .double(let b)):
        return a.bitPattern == b.bitPattern ? nil : "\(path): double \(a) != \(b)"
    case (.float(let a), .float(let b)):
        return a.bitPattern == b.bitPattern ? nil : "\(path): float \(a) != \(b)"
    case (.array(let a), .array(let b)):
        guard a.count == b.count else { return "\(path): array of \(a.count) != array of \(b.count)" }
        for index in a.indices {
            if let found = difference(a[index], b[index], at: "\(path)[\(index)]") { return found }
        }
        return nil
    case (.map(let a), .map(let b)):
        guard a.count == b.count else { return "\(path): map of \(a.count) != map of \(b.count)" }
        for index in a.indices {
            if let found = difference(a[index].key, b[index].key, at: "\(path).key#\(index)") { return found }
            if let found = difference(a[index].value, b[index].value, at: "\(path).value#\(index)") { return found }
        }
        return nil
    default:
        return lhs == rhs ? nil : "\(path): \(brief(lhs)) != \(brief(rhs))"
    }
}

func brief(_ value: MessagePackValue) -> String {
    switch value {
    case .string(let bytes): return "string(\(bytes.count) bytes: \(hexString(bytes.prefix(24))))"
    case .binary(let bytes): return "binary(\(bytes.count) bytes: \(hexString(bytes.prefix(24))))"
    case .ext(let type, let bytes): return "ext(\(type), \(bytes.count) bytes: \(hexString(bytes.prefix(24))))"
    case .array(let values): return "array(\(values.count))"
    case .map(let pairs): return "map(\(pairs.count))"
    default: return "\(value)"
    }
}

// MARK: - Error capture (typed throws)

/// A thrown error's reason and offset (MessagePackError has no public initializer to compare against).
struct Failure: Equatable, CustomStringConvertible {
    let reason: MessagePackError.Reason
    let offset: Int

    init(_ reason: MessagePackError.Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    init(_ error: MessagePackError) {
        self.init(error.reason, at: error.offset)
    }

    var description: String { "\(reason) at \(offset)" }
}

func decodeError(_ bytes: [UInt8]) -> Failure? {
    do {
        _ = try MessagePack.decode(bytes)
        return nil
    } catch {
        return Failure(error)
    }
}

func streamError(_ bytes: [UInt8]) -> Failure? {
    do {
        _ = try MessagePack.decodeStream(bytes)
        return nil
    } catch {
        return Failure(error)
    }
}

/// The error itself, for its description.
func thrownError(_ bytes: [UInt8]) -> MessagePackError? {
    do {
        _ = try MessagePack.decode(bytes)
        return nil
    } catch {
        return error
    }
}

// MARK: - Stack

/// Stack the decoder needs for `MessagePack.maxDepth` levels, with headroom. Unoptimized builds use
/// about 4 KiB per level (~2 MiB at the limit, more than a macOS secondary or cooperative-pool
/// thread's 512 KiB); optimized builds stay under 256 bytes per level (the limit fits in 128 KiB).
#if DEBUG
let maxDepthStack = 4 << 20
#else
let maxDepthStack = 512 << 10
#endif

/// Runs `body` on a new thread with a stack of `stackSize` bytes, so tests that decode to the
/// nesting limit behave the same whatever stack the test runner's own threads have.
func onThread<T: Sendable>(stackSize: Int, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = stackSize
        thread.start()
    }
}

// MARK: - Seeded randomness

/// SplitMix64: small, fast, and the same on every platform, so failures reproduce from the seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededGenerator {
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    /// A length that often sits on or next to a msgpack size boundary.
    mutating func interestingLength(max: Int) -> Int {
        let boundaries = [0, 1, 15, 16, 17, 31, 32, 33, 255, 256, 257]
        if Bool.random(using: &self) {
            return Swift.min(boundaries.randomElement(using: &self)!, max)
        }
        return Int.random(in: 0...max, using: &self)
    }

    mutating func integer() -> MessagePackValue {
        let edges: [Int64] = [
            0, 1, 127, 128, 255, 256, 65535, 65536, 4_294_967_295, 4_294_967_296, .max,
            -1, -32, -33, -128, -129, -32768, -32769, -2_147_483_648, -2_147_483_649, .min,
        ]
        switch Int.random(in: 0..<4, using: &self) {
        case 0: return .int(edges.randomElement(using: &self)!)
        case 1: return .int(Int64.random(in: -300...300, using: &self))
        case 2: return .uint(UInt64.random(in: UInt64(Int64.max) + 1 ... .max, using: &self))
        default:
            // Any width, uniformly over the number of significant bits.
            let bits = Int.random(in: 0...63, using: &self)
            let magnitude = Int64(bitPattern: next() >> UInt64(64 - bits) & (UInt64(1) << UInt64(bits) &- 1))
            return .int(Bool.random(using: &self) ? magnitude : -magnitude)
        }
    }

    /// A random value; `.uint` only above `Int64.max`, the one form the decoder gives it.
    mutating func value(depth: Int = 0) -> MessagePackValue {
        let scalarKinds = 9
        let kinds = depth >= 4 ? scalarKinds : scalarKinds + 2
        switch Int.random(in: 0..<kinds, using: &self) {
        case 0: return .nil
        case 1: return .bool(Bool.random(using: &self))
        case 2: return integer()
        case 3:
            let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
            return .double(Bool.random(using: &self) ? specials.randomElement(using: &self)! : Double(bitPattern: next()))
        case 4: return .float(Float(bitPattern: UInt32(truncatingIfNeeded: next())))
        case 5:
            let words = ["", "salt", "héllo", "日本", "🧂", "test.ping", "__kwarg__"]
            if Bool.random(using: &self) { return .text(words.randomElement(using: &self)!) }
            return .string(bytes(interestingLength(max: depth == 0 ? 300 : 40)))
        case 6: return .binary(bytes(interestingLength(max: depth == 0 ? 300 : 40)))
        case 7:
            let sizes = [0, 1, 2, 3, 4, 8, 16, 17, 24, 255, 256]
            return .ext(Int8.random(in: .min ... .max, using: &self), bytes(sizes.randomElement(using: &self)!))
        case 8: return integer()
        case 9:
            // Fewer elements deeper down keeps values small (a few KiB at most) and the tests fast.
            let count = interestingLength(max: [20, 17, 6, 3][depth])
            return .array((0..<count).map { _ in value(depth: depth + 1) })
        default:
            let count = interestingLength(max: [17, 6, 3, 2][depth])
            return .map((0..<count).map { _ in MessagePackPair(value(depth: depth + 1), value(depth: depth + 1)) })
        }
    }
}

// MARK: - Python vectors

/// One case of Fixtures/vectors.json, written by Fixtures/make_vectors.py from Python's msgpack.
struct Vector: Sendable, CustomStringConvertible {
    let name: String
    let options: String
    let bytes: [UInt8]
    let expected: MessagePackValue
    /// Whether our encoder must reproduce `bytes` exactly.
    let encodeExact: Bool
    let note: String?

    var description: String { name }

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    static let all: Result<[Vector], LoadError> = Result { () throws(LoadError) -> [Vector] in try load() }

    static func loadAll() throws -> [Vector] { try all.get() }

    private static func load() throws(LoadError) -> [Vector] {
        guard let url = Bundle.module.url(forResource: "vectors", withExtension: "json", subdirectory: "Fixtures") else {
            throw LoadError(description: "Fixtures/vectors.json is not in the test bundle")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        } catch {
            throw LoadError(description: "vectors.json: \(error)")
        }
        guard let cases = json as? [[String: Any]] else { throw LoadError(description: "vectors.json is not a list of objects") }
        return try cases.map { (entry) throws(LoadError) -> Vector in
            guard let name = entry["name"] as? String, let hex = entry["hex"] as? String,
                  let encode = entry["encode"] as? String, let expect = entry["expect"]
            else { throw LoadError(description: "vector without name/hex/encode/expect: \(entry)") }
            return Vector(
                name: name,
                options: entry["opts"] as? String ?? "",
                bytes: hexBytes(hex),
                expected: try value(from: expect, in: name),
                encodeExact: encode == "exact",
                note: entry["note"] as? String
            )
        }
    }

    /// Builds the expected value from the JSON form documented in make_vectors.py.
    private static func value(from json: Any, in name: String) throws(LoadError) -> MessagePackValue {
        func fail(_ why: String) -> LoadError { LoadError(description: "\(name): \(why): \(json)") }
        if json is NSNull { return .nil }
        if let text = json as? String { return .text(text) }
        if let number = json as? Int { return .int(Int64(number)) }
        if let number = json as? NSNumber { return .int(number.int64Value) }
        guard let object = json as? [String: Any], let tag = object["t"] as? String else { throw fail("unknown form") }

        func blob() throws(LoadError) -> [UInt8] {
            if let hex = object["hex"] as? String { return hexBytes(hex) }
            guard let cycle = object["cycle"] as? String, let length = object["len"] as? Int else { throw fail("no data") }
            let pattern = hexBytes(cycle)
            return (0..<length).map { pattern[$0 % pattern.count] }
        }

        switch tag {
        case "bool":
            guard let flag = object["v"] as? Bool else { throw fail("bool without v") }
            return .bool(flag)
        case "int":
            guard let text = object["v"] as? String else { throw fail("int without v") }
            if let signed = Int64(text) { return .int(signed) }
            if let unsigned = UInt64(text) { return .uint(unsigned) }
            throw fail("int out of range")
        case "f64":
            guard let bits = object["bits"] as? String, let pattern = UInt64(bits, radix: 16) else { throw fail("bad bits") }
            return .double(Double(bitPattern: pattern))
        case "f32":
            guard let bits = object["bits"] as? String, let pattern = UInt32(bits, radix: 16) else { throw fail("bad bits") }
            return .float(Float(bitPattern: pattern))
        case "str":
            return .string(try blob())
        case "bin":
            return .binary(try blob())
        case "ext":
            guard let type = object["type"] as? Int, let code = Int8(exactly: type) else { throw fail("bad ext type") }
            return .ext(code, try blob())
        case "array":
            if let items = object["v"] as? [Any] {
                return .array(try items.map { (item) throws(LoadError) in try value(from: item, in: name) })
            }
            guard let cycle = object["cycle"] as? [Any], let length = object["len"] as? Int else { throw fail("no items") }
            let pattern = try cycle.map { (item) throws(LoadError) in try value(from: item, in: name) }
            return .array((0..<length).map { pattern[$0 % pattern.count] })
        case "map":
            guard let entries = object["v"] as? [[Any]] else { throw fail("map without v") }
            return .map(try entries.map { (entry) throws(LoadError) -> MessagePackPair in
                guard entry.count == 2 else { throw fail("map entry is not a pair") }
                return MessagePackPair(try value(from: entry[0], in: name), try value(from: entry[1], in: name))
            })
        default:
            throw fail("unknown tag")
        }
    }
}
