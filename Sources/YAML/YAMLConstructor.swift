import CYAML
import MessagePack
import PythonRules

/// Values from nodes, as Salt's `SaltYamlSafeLoader` builds them: timestamps stay text, `010` is 10
/// (Salt drops an unsigned integer's leading zeros before PyYAML would read it as octal), merge keys
/// (`<<`) put the merged pairs first, and a key that repeats, even as `1` and `true`, is an error.
enum YAMLConstructor {
    static func value(of node: YAMLNode) throws -> MessagePackValue {
        switch node {
        case .scalar(let text, let tag, let mark):
            switch tag {
            case YAMLTag.null: return .nil
            case YAMLTag.bool:
                guard let flag = booleans[text.lowercased()] else { throw YAMLError("'\(text)' is not a boolean", at: mark) }
                return .bool(flag)
            case YAMLTag.int: return try integer(text, at: mark)
            case YAMLTag.float: return .double(try real(text, at: mark))
            case YAMLTag.str, YAMLTag.pythonUnicode, YAMLTag.timestamp: return .text(text)
            case YAMLTag.binary:
                guard let bytes = binary(text) else { throw YAMLError("failed to decode base64 data", at: mark) }
                return .binary(bytes)
            default: throw unconstructible(tag, at: mark)
            }
        case .sequence(let items, let tag, _):
            guard tag == YAMLTag.seq else { throw mismatch(tag, node) }
            return .array(try items.map(value(of:)))
        case .mapping(let pairs, let tag, let mark):
            guard tag == YAMLTag.map else { throw mismatch(tag, node) }
            return .map(try mapping(try flatten(pairs, at: mark)))
        }
    }

    /// Salt's loader takes ASCII only, pads the text to a multiple of four characters by its length
    /// (line breaks count), and hands it to Python's lenient `decodebytes`.
    private static func binary(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let missing = text.utf8.count % 4
        return Base64.decodeLeniently(missing == 0 ? text : text + String(repeating: "=", count: 4 - missing))
    }

    private static let booleans = ["yes": true, "true": true, "on": true, "no": false, "false": false, "off": false]

    private static func mapping(_ pairs: [(key: YAMLNode, value: YAMLNode)]) throws -> [MessagePackPair] {
        var seen = Set<KeyIdentity>()
        var result: [MessagePackPair] = []
        result.reserveCapacity(pairs.count)
        for (keyNode, valueNode) in pairs {
            let key = try value(of: keyNode)
            switch key {
            case .array, .map: throw YAMLError("found unacceptable key (a \(keyNode.kind))", at: keyNode.mark)
            default: break
            }
            guard seen.insert(KeyIdentity(key)).inserted else {
                throw YAMLError("found conflicting ID '\(keyNode.rawText ?? "")'", at: keyNode.mark)
            }
            result.append(MessagePackPair(key, try value(of: valueNode)))
        }
        return result
    }

    /// Salt's `flatten_mapping`: every `<<` pair is replaced by the pairs of the mapping it names (or of
    /// each mapping of a list, the last one first), which go in front of the mapping's own pairs unless
    /// one of those has the same key text. A key `=` is plain text.
    private static func flatten(
        _ pairs: [(key: YAMLNode, value: YAMLNode)], at mark: yaml_mark_t
    ) throws -> [(key: YAMLNode, value: YAMLNode)] {
        var merged: [(key: YAMLNode, value: YAMLNode)] = []
        var own: [(key: YAMLNode, value: YAMLNode)] = []
        for (key, value) in pairs {
            guard case .scalar(let text, let tag, let keyMark) = key, tag == YAMLTag.merge || tag == YAMLTag.value else {
                own.append((key, value))
                continue
            }
            if tag == YAMLTag.value {
                own.append((.scalar(text, tag: YAMLTag.str, mark: keyMark), value))
                continue
            }
            switch value {
            case .mapping(let inner, _, let innerMark):
                merged += try flatten(inner, at: innerMark)
            case .sequence(let items, _, _):
                var lists: [[(key: YAMLNode, value: YAMLNode)]] = []
                for item in items {
                    guard case .mapping(let inner, _, let innerMark) = item else {
                        throw YAMLError("expected a mapping for merging, but found \(item.kind)", at: item.mark)
                    }
                    lists.append(try flatten(inner, at: innerMark))
                }
                for list in lists.reversed() { merged += list }
            case .scalar:
                throw YAMLError(
                    "while constructing a mapping (\(YAMLError.position(mark))): expected a mapping or list of mappings "
                        + "for merging, but found scalar", at: value.mark)
            }
        }
        guard !merged.isEmpty else { return own }
        let ownKeys = Set(own.compactMap(\.key.rawText))
        return merged.filter { pair in pair.key.rawText.map { !ownKeys.contains($0) } ?? true } + own
    }

    private static func mismatch(_ tag: String, _ node: YAMLNode) -> YAMLError {
        switch tag {
        case YAMLTag.seq: return YAMLError("expected a sequence node, but found \(node.kind)", at: node.mark)
        case YAMLTag.map: return YAMLError("expected a mapping node, but found \(node.kind)", at: node.mark)
        case YAMLTag.null, YAMLTag.bool, YAMLTag.int, YAMLTag.float, YAMLTag.str, YAMLTag.pythonUnicode,
             YAMLTag.timestamp, YAMLTag.binary:
            return YAMLError("expected a scalar node, but found \(node.kind)", at: node.mark)
        default: return unconstructible(tag, at: node.mark)
        }
    }

    /// Unknown tags (`!foo`), the ones PyYAML only uses to find merge keys (`!!merge`, `!!value`), and
    /// the rarely seen `!!omap`, `!!pairs` and `!!set`, which Brine does not read.
    private static func unconstructible(_ tag: String, at mark: yaml_mark_t) -> YAMLError {
        YAMLError("could not determine a constructor for the tag '\(tag)'", at: mark)
    }

    /// PyYAML's `construct_yaml_int` after Salt's leading-zero rule: `0b`, `0x`, octal (`-010`, whose
    /// sign keeps the zero), sexagesimal (`1:30`) or decimal, underscores ignored.
    static func integer(_ text: String, at mark: yaml_mark_t) throws -> MessagePackValue {
        var body = Substring(text)
        if body != "0", body.hasPrefix("0"), !body.hasPrefix("0b"), !body.hasPrefix("0x") {
            body = body.drop { $0 == "0" }
            if body.isEmpty { body = "0" }
        }
        var digits = body.utf8.filter { $0 != UInt8(ascii: "_") }[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        // nil when the value needs more than 64 bits
        let magnitude: UInt64?
        if digits.starts(with: "0b".utf8) {
            magnitude = try number(digits.dropFirst(2), radix: 2, text, mark)
        } else if digits.starts(with: "0x".utf8) {
            magnitude = try number(digits.dropFirst(2), radix: 16, text, mark)
        } else if digits.count > 1, digits.first == UInt8(ascii: "0") {
            magnitude = try number(digits, radix: 8, text, mark)
        } else if digits.contains(UInt8(ascii: ":")) {
            var total: UInt64? = 0
            for part in digits.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
                let place = try number(part, radix: 10, text, mark)
                total = total.flatMap { multiplyAdd($0, 60, place) }
            }
            magnitude = total
        } else {
            magnitude = try number(digits, radix: 10, text, mark)
        }
        // Python's integers have no limit; msgpack's stop at 64 bits, so the text is kept whole.
        guard let magnitude else { return .text(text) }
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return .int(.min) }
            return Int64(exactly: magnitude).map { .int(-$0) } ?? .text(text)
        }
        return Int64(exactly: magnitude).map(MessagePackValue.int) ?? .uint(magnitude)
    }

    /// The digits' value, nil when it needs more than 64 bits; an error when there is no digit or one
    /// is not of the radix.
    private static func number(
        _ digits: ArraySlice<UInt8>, radix: UInt64, _ text: String, _ mark: yaml_mark_t
    ) throws -> UInt64? {
        let invalid = YAMLError("invalid integer '\(text)'", at: mark)
        guard !digits.isEmpty else { throw invalid }
        var total: UInt64? = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: throw invalid
            }
            guard digit < radix else { throw invalid }
            total = total.flatMap { multiplyAdd($0, radix, digit) }
        }
        return total
    }

    private static func multiplyAdd(_ value: UInt64, _ factor: UInt64, _ addend: UInt64?) -> UInt64? {
        guard let addend else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        let (sum, carry) = product.addingReportingOverflow(addend)
        return overflow || carry ? nil : sum
    }

    /// PyYAML's `construct_yaml_float`: `.inf`, `.nan`, sexagesimal (`1:30.5`), or what Python's
    /// `float()` reads, underscores ignored, case folded.
    static func real(_ text: String, at mark: yaml_mark_t) throws -> Double {
        var body = Substring(String(text.filter { $0 != "_" }).lowercased())
        var sign = 1.0
        if body.first == "-" { sign = -1 }
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        if body == ".inf" { return sign * .infinity }
        if body == ".nan" { return .nan }
        var total = 0.0
        for part in body.split(separator: ":", omittingEmptySubsequences: false) {
            guard let place = Double(part) else { throw YAMLError("invalid float '\(text)'", at: mark) }
            total = total * 60 + place
        }
        return sign * total
    }
}

extension YAMLNode {
    /// The text of a scalar, which Salt's merge compares keys by (`'1'` and `1` are the same there).
    var rawText: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }
}

/// A key as a Python dict tells keys apart: `1`, `1.0` and `true` are one key, every NaN is one
/// key (PyYAML makes them all the same float object), text and bytes differ.
private enum KeyIdentity: Hashable {
    case integer(Int64)
    case unsigned(UInt64)
    case real(Double)
    case notANumber
    case other(MessagePackValue)

    init(_ key: MessagePackValue) {
        switch key {
        case .bool(let flag): self = .integer(flag ? 1 : 0)
        case .int(let number): self = .integer(number)
        case .uint(let number): self = Int64(exactly: number).map(KeyIdentity.integer) ?? .unsigned(number)
        case .double(let number): self = KeyIdentity(number)
        case .float(let number): self = KeyIdentity(Double(number))
        default: self = .other(key)
        }
    }

    private init(_ number: Double) {
        if number.isNaN {
            self = .notANumber
        } else if let integer = Int64(exactly: number) {
            self = .integer(integer)
        } else if let unsigned = UInt64(exactly: number) {
            self = .unsigned(unsigned)
        } else {
            self = .real(number)
        }
    }
}
