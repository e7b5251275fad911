import MessagePack
import PythonRules

/// A regular expression applied as Python's `re.search` and `re.subn` apply it, for `file.replace`:
/// Python's flags, Python's replacement templates (`\1`, `\g<name>`, `\n`), code point matching.
/// The syntax itself is Swift `Regex`'s, which covers the common Python constructs.
struct PythonSubstitution {
    private let regex: Regex<AnyRegexOutput>

    /// Python's `re` flag bits, and their inline forms.
    static let flagNames: [String: (bit: Int, inline: String)] = [
        "IGNORECASE": (2, "i"), "I": (2, "i"), "MULTILINE": (8, "m"), "M": (8, "m"),
        "DOTALL": (16, "s"), "S": (16, "s"), "VERBOSE": (64, "x"), "X": (64, "x"),
        "LOCALE": (4, ""), "L": (4, ""), "UNICODE": (32, ""), "U": (32, ""), "ASCII": (256, ""), "A": (256, ""),
    ]

    init(pattern: String, flags: Int) throws(ExecutionError) {
        let inline = Self.flagNames.values.filter { flags & $0.bit != 0 }.map(\.inline)
        let options = Set(inline.joined())
        let prefix = options.isEmpty ? "" : "(?\(String(options.sorted())))"
        do {
            regex = try Regex(prefix + pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw .invocation("invalid regular expression '\(pattern)': \(error)")
        }
    }

    /// `flags` as Salt takes it: a number, a name, or a list of names.
    static func flags(_ value: MessagePackValue) throws(ExecutionError) -> Int {
        if let number = value.intValue { return number }
        let names = value.arrayValue?.map(\.pythonString) ?? [value.pythonString]
        var bits = 0
        for name in names {
            guard let flag = flagNames[name.uppercased()] else { throw .commandFailed("Invalid re flag given: \(name)") }
            bits |= flag.bit
        }
        return bits
    }

    /// Python's `re.escape`: everything but letters, digits and `_` is escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_") { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    func found(in text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }

    /// `re.subn`: the text with up to `count` matches (0: all) replaced, and how many were.
    func substitute(_ template: String, in text: String, count: Int) throws(ExecutionError) -> (String, Int) {
        // Python rejects a malformed template even when nothing matches.
        _ = try Self.expand(template, nil)
        var out = ""
        var replaced = 0
        var position = text.unicodeScalars.startIndex
        for match in text.matches(of: regex) {
            if count > 0 && replaced == count { break }
            out += String(text.unicodeScalars[position..<match.range.lowerBound])
            out += try Self.expand(template, match.output)
            position = match.range.upperBound
            replaced += 1
        }
        out += String(text.unicodeScalars[position...])
        return (out, replaced)
    }

    /// Python's template rules: `\1`-`\99` and `\g<...>` insert groups (unmatched ones as ''), `\0`
    /// and the usual character escapes are decoded, an unknown letter escape is an error, anything
    /// else stays as written. Without `groups`, only the template's escapes are checked.
    static func expand(_ template: String, _ groups: AnyRegexOutput?) throws(ExecutionError) -> String {
        var out = ""
        var scalars = Array(template.unicodeScalars)[...]
        func group(_ reference: String) throws(ExecutionError) -> String {
            guard let groups else { return "" }
            if let number = Int(reference) {
                guard number < groups.count else { throw .invocation("invalid group reference \(number)") }
                return groups[number].substring.map(String.init) ?? ""
            }
            guard let named = groups[reference] else { throw .invocation("unknown group name '\(reference)'") }
            return named.substring.map(String.init) ?? ""
        }
        let escapes: [Unicode.Scalar: String] = ["n": "\n", "t": "\t", "r": "\r", "f": "\u{0C}", "v": "\u{0B}", "a": "\u{07}", "b": "\u{08}", "\\": "\\"]
        while let scalar = scalars.popFirst() {
            guard scalar == "\\", let next = scalars.popFirst() else {
                out.unicodeScalars.append(scalar)
                continue
            }
            if next == "0" {
                // `\0` starts an octal escape, not a group.
                var digits = ""
                while digits.count < 2, let digit = scalars.first, ("0"..."7").contains(digit) { digits.unicodeScalars.append(scalars.removeFirst()) }
                out.unicodeScalars.append(Unicode.Scalar(UInt8(digits, radix: 8) ?? 0))
            } else if ("1"..."9").contains(next) {
                var digits = String(next)
                if let second = scalars.first, ("0"..."9").contains(second) { digits.unicodeScalars.append(scalars.removeFirst()) }
                out += try group(digits)
            } else if next == "g", scalars.first == "<", let close = scalars.firstIndex(of: ">") {
                let reference = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                scalars = scalars[scalars.index(after: close)...]
                out += try group(reference)
            } else if let escaped = escapes[next] {
                out += escaped
            } else if next.isASCII && next.properties.isAlphabetic {
                throw .invocation("bad escape \\\(next)")
            } else {
                out += "\\" + String(next)
            }
        }
        return out
    }
}
