/// Debian package versions ordered as `dpkg --compare-versions` orders them: epoch, then upstream
/// version, then revision, each compared in alternating non-digit and digit runs, `~` before anything.
struct DebianVersion: Comparable {
    let epoch: Int
    let upstream: [UInt8]
    let revision: [UInt8]

    init(_ text: String) {
        var rest = Substring(text.trimmed())
        if let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) {
            epoch = number
            rest = rest[rest.index(after: colon)...]
        } else {
            epoch = 0
        }
        if let dash = rest.lastIndex(of: "-") {
            upstream = Array(rest[..<dash].utf8)
            revision = Array(rest[rest.index(after: dash)...].utf8)
        } else {
            upstream = Array(rest.utf8)
            revision = []
        }
    }

    static func < (lhs: DebianVersion, rhs: DebianVersion) -> Bool {
        compare(lhs, rhs) < 0
    }

    static func == (lhs: DebianVersion, rhs: DebianVersion) -> Bool {
        compare(lhs, rhs) == 0
    }

    static func compare(_ lhs: DebianVersion, _ rhs: DebianVersion) -> Int {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? -1 : 1 }
        let upstream = compare(lhs.upstream, rhs.upstream)
        return upstream != 0 ? upstream : compare(lhs.revision, rhs.revision)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// dpkg's character order in non-digit runs: `~` first, then the end of the run, letters, the rest.
    private static func order(_ byte: UInt8?) -> Int {
        guard let byte, !isDigit(byte) else { return 0 }
        if byte == UInt8(ascii: "~") { return -1 }
        let isLetter = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
        return Int(byte) + (isLetter ? 0 : 256)
    }

    private static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0, j = 0
        while i < a.count || j < b.count {
            while (i < a.count && !isDigit(a[i])) || (j < b.count && !isDigit(b[j])) {
                let left = order(i < a.count ? a[i] : nil), right = order(j < b.count ? b[j] : nil)
                if left != right { return left < right ? -1 : 1 }
                i += 1
                j += 1
            }
            while i < a.count && a[i] == 48 { i += 1 }
            while j < b.count && b[j] == 48 { j += 1 }
            var firstDifference = 0
            while i < a.count && isDigit(a[i]) && j < b.count && isDigit(b[j]) {
                if firstDifference == 0 && a[i] != b[j] { firstDifference = a[i] < b[j] ? -1 : 1 }
                i += 1
                j += 1
            }
            if i < a.count && isDigit(a[i]) { return 1 }
            if j < b.count && isDigit(b[j]) { return -1 }
            if firstDifference != 0 { return firstDifference }
        }
        return 0
    }
}
