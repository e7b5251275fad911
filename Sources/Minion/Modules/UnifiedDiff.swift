/// Python's `difflib.unified_diff(a, b)` with its defaults (three lines of context, empty file
/// names), which is what `file.replace` returns as its changes. Lines keep their line endings.
///
/// The matching lines come from a longest common subsequence of what lies between the common
/// head and tail; difflib's own matcher can pick a different alignment in rare repetitive inputs,
/// but the hunks for ordinary edits are the same.
enum UnifiedDiff {
    typealias Opcode = (tag: Character, i1: Int, i2: Int, j1: Int, j2: Int)

    static func diff(_ a: [String], _ b: [String], context n: Int = 3) -> String {
        var out = ""
        for group in grouped(opcodes(a, b), context: n) {
            if out.isEmpty { out = "--- \n+++ \n" }
            guard let first = group.first, let last = group.last else { continue }
            out += "@@ -\(range(first.i1, last.i2)) +\(range(first.j1, last.j2)) @@\n"
            for code in group {
                if code.tag == "e" {
                    for line in a[code.i1..<code.i2] { out += " " + line }
                    continue
                }
                for line in a[code.i1..<code.i2] { out += "-" + line }
                for line in b[code.j1..<code.j2] { out += "+" + line }
            }
        }
        return out
    }

    private static func range(_ start: Int, _ stop: Int) -> String {
        let length = stop - start
        if length == 1 { return "\(start + 1)" }
        return "\(length == 0 ? start : start + 1),\(length)"
    }

    /// Runs of equal ("e") and changed ("r") lines.
    static func opcodes(_ a: [String], _ b: [String]) -> [Opcode] {
        var head = 0
        while head < a.count && head < b.count && a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head && tail < b.count - head && a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        var pairs: [(Int, Int)] = (0..<head).map { ($0, $0) }
        pairs += commonLines(Array(a[head..<(a.count - tail)]), Array(b[head..<(b.count - tail)])).map { ($0.0 + head, $0.1 + head) }
        pairs += (0..<tail).map { (a.count - tail + $0, b.count - tail + $0) }
        var codes: [Opcode] = []
        var i = 0, j = 0
        for (x, y) in pairs + [(a.count, b.count)] {
            if x > i || y > j { codes.append(("r", i, x, j, y)) }
            if x < a.count && y < b.count {
                if let previous = codes.last, previous.tag == "e", previous.i2 == x, previous.j2 == y {
                    codes[codes.count - 1] = ("e", previous.i1, x + 1, previous.j1, y + 1)
                } else {
                    codes.append(("e", x, x + 1, y, y + 1))
                }
            }
            (i, j) = (x + 1, y + 1)
        }
        return codes
    }

    /// Index pairs of a longest common subsequence; a middle too large to compare line by line is
    /// treated as wholly changed.
    private static func commonLines(_ a: [String], _ b: [String]) -> [(Int, Int)] {
        guard !a.isEmpty, !b.isEmpty, a.count * b.count <= 4_000_000 else { return [] }
        let width = b.count + 1
        var lengths = [Int32](repeating: 0, count: (a.count + 1) * width)
        for x in stride(from: a.count - 1, through: 0, by: -1) {
            for y in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[x * width + y] = a[x] == b[y] ? lengths[(x + 1) * width + y + 1] + 1
                    : max(lengths[(x + 1) * width + y], lengths[x * width + y + 1])
            }
        }
        var pairs: [(Int, Int)] = []
        var x = 0, y = 0
        while x < a.count && y < b.count {
            if a[x] == b[y] {
                pairs.append((x, y))
                x += 1
                y += 1
            } else if lengths[(x + 1) * width + y] >= lengths[x * width + y + 1] {
                x += 1
            } else {
                y += 1
            }
        }
        return pairs
    }

    /// difflib's `get_grouped_opcodes`: changes with `n` lines of context, far-apart ones split.
    private static func grouped(_ input: [Opcode], context n: Int) -> [[Opcode]] {
        var codes = input
        guard !codes.isEmpty, codes.contains(where: { $0.tag != "e" }) else { return [] }
        if let first = codes.first, first.tag == "e" {
            codes[0] = ("e", max(first.i1, first.i2 - n), first.i2, max(first.j1, first.j2 - n), first.j2)
        }
        if let last = codes.last, last.tag == "e" {
            codes[codes.count - 1] = ("e", last.i1, min(last.i2, last.i1 + n), last.j1, min(last.j2, last.j1 + n))
        }
        var groups: [[Opcode]] = []
        var group: [Opcode] = []
        for var code in codes {
            if code.tag == "e" && code.i2 - code.i1 > 2 * n {
                group.append(("e", code.i1, min(code.i2, code.i1 + n), code.j1, min(code.j2, code.j1 + n)))
                groups.append(group)
                group = []
                code.i1 = max(code.i1, code.i2 - n)
                code.j1 = max(code.j1, code.j2 - n)
            }
            group.append(code)
        }
        if !group.isEmpty && !(group.count == 1 && group[0].tag == "e") { groups.append(group) }
        return groups
    }
}
