/// CPython's `repr()` of a string, a bytes object and a float: what Salt prints wherever it shows a
/// value inside a container, and what its error messages quote.
public enum PythonRepr {
    /// Single quotes unless the text holds `'` and no `"`; `\\`, the quote, `\t`, `\n` and `\r`
    /// escaped, and every other non-printable code point as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
    public static func string(_ text: String) -> String {
        let quote: Unicode.Scalar = text.unicodeScalars.contains("'") && !text.unicodeScalars.contains("\"") ? "\"" : "'"
        var result = String.UnicodeScalarView()
        result.append(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", quote:
                result.append("\\")
                result.append(scalar)
            case "\t": result.append(contentsOf: "\\t".unicodeScalars)
            case "\n": result.append(contentsOf: "\\n".unicodeScalars)
            case "\r": result.append(contentsOf: "\\r".unicodeScalars)
            default:
                if isPrintable(scalar) {
                    result.append(scalar)
                } else {
                    result.append(contentsOf: escaped(scalar.value).unicodeScalars)
                }
            }
        }
        result.append(quote)
        return String(result)
    }

    /// `b'…'`: the same quote rule, printable ASCII as is, every other byte as `\xNN`. Salt shows
    /// text that is not UTF-8 this way, because its loader leaves such strings as bytes.
    public static func bytes(_ bytes: [UInt8]) -> String {
        let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var result = "b" + String(Unicode.Scalar(quote))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"), quote: result += "\\" + String(Unicode.Scalar(byte))
            case UInt8(ascii: "\t"): result += "\\t"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\r"): result += "\\r"
            case 0x20..<0x7f: result.unicodeScalars.append(Unicode.Scalar(byte))
            default: result += escaped(UInt32(byte))
            }
        }
        return result + String(Unicode.Scalar(quote))
    }

    /// The shortest digits that read back as the same double (which Swift's `description` also
    /// finds), written positionally unless the decimal exponent is below -4 or at least 16.
    public static func float(_ value: Double) -> String {
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

    /// `str.isprintable()` for one code point: everything but control, format, surrogate,
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
