import MessagePack

extension MessagePackValue {
    /// The text Python's `str()` gives for this value once Salt has decoded it, which is what Salt
    /// compares grain and pillar patterns against: `True`, `None`, `1.5`, `['a', 'b']`.
    public var pythonString: String {
        if case .string(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
        return pythonRepr
    }

    /// Python's `repr()`, which `str()` of a container uses for its members.
    public var pythonRepr: String {
        switch self {
        case .nil: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .double(let value): return Self.pythonFloat(value)
        case .float(let value): return Self.pythonFloat(Double(value))
        case .string(let bytes): return Self.quoted(String(decoding: bytes, as: UTF8.self))
        case .binary(let bytes): return Self.bytesLiteral(bytes)
        case .array(let items): return "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .map(let pairs):
            return "{" + pairs.map { "\($0.key.pythonRepr): \($0.value.pythonRepr)" }.joined(separator: ", ") + "}"
        case .ext(let code, let bytes): return "ExtType(code=\(code), data=\(Self.bytesLiteral(bytes)))"
        }
    }

    /// Python's float `repr`: the shortest round-tripping digits (which Swift's `description` also
    /// finds), written in positional notation unless the exponent is below -4 or at least 16.
    private static func pythonFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        let text = value.magnitude.description
        let halves = text.split(separator: "e")
        let exponent = halves.count == 2 ? Int(halves[1]) ?? 0 : 0
        let mantissa = halves[0].split(separator: ".", omittingEmptySubsequences: false)
        let integral = mantissa[0]
        var digits = Array(integral + (mantissa.count == 2 ? mantissa[1] : ""))
        // The decimal point sits after `point` digits.
        var point = integral.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        if digits == ["0"] { return sign + "0.0" }
        let scientific = point - 1
        if scientific < -4 || scientific >= 16 {
            let fraction = digits.count > 1 ? "." + String(digits.dropFirst()) : ""
            let magnitude = abs(scientific) < 10 ? "0\(abs(scientific))" : "\(abs(scientific))"
            return sign + String(digits[0]) + fraction + "e" + (scientific < 0 ? "-" : "+") + magnitude
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count {
            return sign + String(digits) + String(repeating: "0", count: point - digits.count) + ".0"
        }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }

    /// Python's string `repr`: single quotes unless only double quotes avoid escaping.
    private static func quoted(_ text: String) -> String {
        let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case quote: result += "\\" + String(quote)
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += escaped(scalar.value)
                }
            }
        }
        return result + String(quote)
    }

    /// Python's `bytes` repr: printable ASCII as is, everything else as `\xNN`.
    private static func bytesLiteral(_ bytes: [UInt8]) -> String {
        let quote: UInt8 = bytes.contains(0x27) && !bytes.contains(0x22) ? 0x22 : 0x27
        var result = "b" + String(UnicodeScalar(quote))
        for byte in bytes {
            switch byte {
            case 0x5c: result += "\\\\"
            case quote: result += "\\" + String(UnicodeScalar(quote))
            case 0x0a: result += "\\n"
            case 0x0d: result += "\\r"
            case 0x09: result += "\\t"
            case 0x20..<0x7f: result.unicodeScalars.append(UnicodeScalar(byte))
            default: result += escaped(UInt32(byte))
            }
        }
        return result + String(UnicodeScalar(quote))
    }

    /// Python's `str.isprintable()` for one code point: everything but control, format, surrogate,
    /// private-use and unassigned code points, and separators other than the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        case .spaceSeparator:
            return scalar == " "
        default:
            return true
        }
    }

    /// `\xNN`, `\uNNNN` or `\UNNNNNNNN`, as Python picks by size.
    private static func escaped(_ value: UInt32) -> String {
        let (prefix, width) = value < 0x100 ? ("\\x", 2) : value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
        let hex = String(value, radix: 16)
        return prefix + String(repeating: "0", count: width - hex.count) + hex
    }
}
