import MessagePack

/// How Python prints values, which is what Salt's outputters show: `True`, `None`, `1.5`.
enum PythonText {
    static func repr(_ value: MessagePackValue) -> String {
        switch value {
        case .nil: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .uint(let number): return String(number)
        case .double(let number): return float(number)
        case .float(let number): return float(Double(number))
        default: return str(value)
        }
    }

    static func str(_ value: MessagePackValue) -> String {
        switch value {
        case .string(let bytes), .binary(let bytes):
            return String(validating: bytes, as: UTF8.self) ?? "b'" + bytes.map { byte in
                byte >= 0x20 && byte < 0x7f ? String(UnicodeScalar(byte)) : "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }.joined() + "'"
        case .ext(let type, let bytes):
            return type == 78 ? String(decoding: bytes, as: UTF8.self) : "ExtType(\(type))"
        case .nil, .bool, .int, .uint, .double, .float:
            return repr(value)
        case .array, .map:
            return pythonRepr(value)
        }
    }

    private static func float(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number > 0 ? "inf" : "-inf" }
        if number == number.rounded() && abs(number) < 1e16 { return String(Int64(number)) + ".0" }
        return String(number)
    }

    /// Python's `repr()` of a value, which Salt's `raw` and `txt` outputters print for containers.
    static func pythonRepr(_ value: MessagePackValue) -> String {
        switch value {
        case .string(let bytes), .binary(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else { return str(value) }
            let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
            var out = String(quote)
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where Character(scalar) == quote: out += "\\" + String(quote)
                case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + String(quote)
        case .array(let items):
            return "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
        case .map(let pairs):
            return "{" + pairs.map { pythonRepr($0.key) + ": " + pythonRepr($0.value) }.joined(separator: ", ") + "}"
        default:
            return repr(value)
        }
    }

    /// Map entries in Python's `sorted()` order: numbers by value when every key is a number,
    /// otherwise by text.
    static func sortedLikePython(_ pairs: [MessagePackPair]) -> [MessagePackPair] {
        if pairs.allSatisfy({ $0.key.doubleValue != nil && $0.key.boolValue == nil }) {
            return pairs.sorted { $0.key.doubleValue! < $1.key.doubleValue! }
        }
        return pairs.sorted { str($0.key) < str($1.key) }
    }

    /// Python's `str.splitlines()` for the common line breaks.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
