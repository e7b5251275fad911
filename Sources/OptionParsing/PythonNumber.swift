/// The number rules optparse applies to typed option values, and the quoting of its messages.
enum PythonNumber {
    /// optparse's `_parse_num(value, int)`: `0x` hexadecimal, `0b` binary, a leading `0` octal, otherwise
    /// decimal, each read by Python's `int()` (surrounding spaces, a sign, `_` between digits).
    static func optparseInt(_ text: String) -> Int? {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { return int(text, radix: 16) }
        if lower.hasPrefix("0b") { return int(String(text.dropFirst(2)).isEmpty ? "0" : String(text.dropFirst(2)), radix: 2) }
        if text.hasPrefix("0") { return int(text, radix: 8) }
        return int(text, radix: 10)
    }

    /// Python's `int(text, radix)`: a prefix matching the radix is allowed, as is one `_` between digits.
    static func int(_ text: String, radix: Int) -> Int? {
        var body = Substring(text.trimmingWhitespace())
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let prefixes = [16: "0x", 2: "0b", 8: "0o"]
        if let prefix = prefixes[radix], body.lowercased().hasPrefix(prefix) {
            body = body.dropFirst(2)
            if body.first == "_" { body = body.dropFirst() }
        }
        guard !body.isEmpty, body.first != "_", body.last != "_", !body.contains("__") else { return nil }
        let digits = body.filter { $0 != "_" }
        guard let magnitude = Int(digits, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// Python's `float()`: spaces around, `inf`, `nan`, exponents, `_` between digits.
    static func float(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("_"), !trimmed.hasSuffix("_"), !trimmed.contains("__") else { return nil }
        let lowered = trimmed.lowercased().filter { $0 != "_" }
        let unsigned = lowered.hasPrefix("-") || lowered.hasPrefix("+") ? String(lowered.dropFirst()) : lowered
        if ["inf", "infinity", "nan"].contains(unsigned) {
            let value = unsigned == "nan" ? Double.nan : Double.infinity
            return lowered.hasPrefix("-") ? -value : value
        }
        guard unsigned.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "-" || $0 == "+" }) else { return nil }
        return Double(lowered)
    }

    /// Python's `repr()` of a text, as optparse's messages quote values: single quotes unless the text holds one.
    static func quoted(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + String(quote)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
