/// The YAML 1.1 tags Salt's loader knows, by their full names (`!!int` is `tag:yaml.org,2002:int`).
enum YAMLTag {
    static let null = "tag:yaml.org,2002:null"
    static let bool = "tag:yaml.org,2002:bool"
    static let int = "tag:yaml.org,2002:int"
    static let float = "tag:yaml.org,2002:float"
    static let str = "tag:yaml.org,2002:str"
    static let binary = "tag:yaml.org,2002:binary"
    static let timestamp = "tag:yaml.org,2002:timestamp"
    static let merge = "tag:yaml.org,2002:merge"
    static let value = "tag:yaml.org,2002:value"
    static let seq = "tag:yaml.org,2002:seq"
    static let map = "tag:yaml.org,2002:map"
    /// Salt's loader registers it as plain text.
    static let pythonUnicode = "tag:yaml.org,2002:python/unicode"
}

/// PyYAML's implicit resolver: the tag of a plain (unquoted) scalar, from its text alone. The patterns
/// are PyYAML's (`yaml/resolver.py`), matched by hand: `1e3` is text (a float needs a dot, and a sign in
/// its exponent), `0x1F` and `0b11` are integers, `1:30` is sexagesimal 90, `yes`/`On`/`NO` are booleans.
enum YAMLResolver {
    static func tag(ofPlain text: String) -> String {
        let bytes = Array(text.utf8)
        if isNull(bytes) { return YAMLTag.null }
        if isBool(bytes) { return YAMLTag.bool }
        if isInt(bytes) { return YAMLTag.int }
        if isFloat(bytes) { return YAMLTag.float }
        if isTimestamp(bytes) { return YAMLTag.timestamp }
        if bytes == Array("<<".utf8) { return YAMLTag.merge }
        if bytes == [UInt8(ascii: "=")] { return YAMLTag.value }
        return YAMLTag.str
    }

    private static let nulls: Set<[UInt8]> = Set(["", "~", "null", "Null", "NULL"].map { Array($0.utf8) })
    private static let bools: Set<[UInt8]> = Set(
        ["yes", "no", "true", "false", "on", "off"]
            .flatMap { [$0, $0.prefix(1).uppercased() + $0.dropFirst(), $0.uppercased()] }
            .map { Array($0.utf8) })

    private static func isNull(_ bytes: [UInt8]) -> Bool { nulls.contains(bytes) }
    private static func isBool(_ bytes: [UInt8]) -> Bool { bools.contains(bytes) }

    /// `[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`
    private static func isInt(_ bytes: [UInt8]) -> Bool {
        var scanner = Scanner(bytes)
        scanner.skipSign()
        if scanner.skip("0b") { return scanner.skipAll(where: { $0 == 0x30 || $0 == 0x31 || $0 == underscore }) > 0 && scanner.atEnd }
        if scanner.skip("0x") { return scanner.skipAll(where: { isHexDigit($0) || $0 == underscore }) > 0 && scanner.atEnd }
        if scanner.skip("0") { return scanner.atEnd || scanner.skipAll(where: { (0x30...0x37).contains($0) || $0 == underscore }) > 0 && scanner.atEnd }
        guard scanner.skipOne(where: { (0x31...0x39).contains($0) }) else { return false }
        scanner.skipAll(where: { isDigit($0) || $0 == underscore })
        return scanner.skipSexagesimalGroups() >= 0 && scanner.atEnd
    }

    /// `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9][0-9_]*([eE][-+][0-9]+)? |
    /// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)`
    private static func isFloat(_ bytes: [UInt8]) -> Bool {
        var scanner = Scanner(bytes)
        let signed = scanner.skipSign()
        if [".inf", ".Inf", ".INF"].contains(where: { scanner.remainder.elementsEqual($0.utf8) }) { return true }
        if !signed && [".nan", ".NaN", ".NAN"].contains(where: { scanner.remainder.elementsEqual($0.utf8) }) { return true }
        if scanner.skip(".") {
            guard !signed, scanner.skipOne(where: isDigit) else { return false }
            scanner.skipAll(where: { isDigit($0) || $0 == underscore })
            return scanner.skipExponent() && scanner.atEnd
        }
        guard scanner.skipOne(where: isDigit) else { return false }
        scanner.skipAll(where: { isDigit($0) || $0 == underscore })
        let groups = scanner.skipSexagesimalGroups()
        guard groups >= 0, scanner.skip(".") else { return false }
        scanner.skipAll(where: { isDigit($0) || $0 == underscore })
        return (groups > 0 || scanner.skipExponent()) && scanner.atEnd
    }

    /// `[0-9]{4}-[0-9]{2}-[0-9]{2}` or `[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?
    /// ([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?`. Salt reads timestamps back as text; they matter here only
    /// because PyYAML quotes such text when it writes it.
    private static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        var scanner = Scanner(bytes)
        guard scanner.skipDigits(4...4), scanner.skip("-") else { return false }
        guard scanner.skipDigits(1...2), scanner.skip("-") else { return false }
        let dayStart = scanner.position
        guard scanner.skipDigits(1...2) else { return false }
        if scanner.atEnd { return bytes.count == 10 && scanner.position - dayStart == 2 }
        let separators = scanner.skipAll(where: { $0 == space || $0 == tab })
        guard separators > 0 || scanner.skipOne(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") }) else { return false }
        guard scanner.skipDigits(1...2), scanner.skip(":"), scanner.skipDigits(2...2), scanner.skip(":"), scanner.skipDigits(2...2)
        else { return false }
        if scanner.skip(".") { scanner.skipAll(where: isDigit) }
        let spaces = scanner.skipAll(where: { $0 == space || $0 == tab })
        if scanner.atEnd { return spaces == 0 }
        if scanner.skip("Z") { return scanner.atEnd }
        guard scanner.skipSign(), scanner.skipDigits(1...2) else { return false }
        if scanner.skip(":") { guard scanner.skipDigits(2...2) else { return false } }
        return scanner.atEnd
    }

    private static let underscore = UInt8(ascii: "_")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// A cursor over the bytes of a scalar, for the patterns above (none of which needs backtracking).
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }
        var remainder: ArraySlice<UInt8> { bytes[position...] }

        mutating func skip(_ literal: String) -> Bool {
            guard remainder.starts(with: literal.utf8) else { return false }
            position += literal.utf8.count
            return true
        }

        mutating func skipOne(where matches: (UInt8) -> Bool) -> Bool {
            guard !atEnd, matches(bytes[position]) else { return false }
            position += 1
            return true
        }

        @discardableResult
        mutating func skipAll(where matches: (UInt8) -> Bool) -> Int {
            let start = position
            while skipOne(where: matches) {}
            return position - start
        }

        @discardableResult
        mutating func skipSign() -> Bool {
            skipOne { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        }

        mutating func skipDigits(_ count: ClosedRange<Int>) -> Bool {
            let start = position
            while position - start < count.upperBound, skipOne(where: YAMLResolver.isDigit) {}
            return count.contains(position - start)
        }

        /// `(:[0-5]?[0-9])*`: how many groups, or -1 when a colon is not followed by one.
        mutating func skipSexagesimalGroups() -> Int {
            var groups = 0
            while skip(":") {
                let twoDigits = position + 1 < bytes.count && (0x30...0x35).contains(bytes[position])
                    && YAMLResolver.isDigit(bytes[position + 1])
                if twoDigits {
                    position += 2
                } else if !skipOne(where: YAMLResolver.isDigit) {
                    return -1
                }
                groups += 1
            }
            return groups
        }

        /// `([eE][-+][0-9]+)?`: false when an exponent starts but is incomplete.
        mutating func skipExponent() -> Bool {
            guard skipOne(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else { return true }
            return skipSign() && skipAll(where: YAMLResolver.isDigit) > 0
        }
    }
}
