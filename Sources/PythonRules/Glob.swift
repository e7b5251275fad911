/// A shell-style pattern with Python's `fnmatch` rules, which Salt matches with everywhere: minion
/// ids and grain values in targets, `sys.list_functions`, the `jobs.list_jobs` filters, interface
/// names. (On POSIX `fnmatch.fnmatch` is `fnmatchcase`: case counts.)
///
/// glibc's `fnmatch(3)` differs in ways users would notice (backslash escapes, `[^…]` negation,
/// `[[:alpha:]]` classes), so the rules are implemented here: `*` matches any run, `?` one code
/// point, `[…]` a set with `!` negating it, and a `[` without a closing `]` is literal. Matching is
/// by Unicode scalar, as Python compares code points, and `/` is not special. Only the last `*` is
/// ever backtracked to, so matching costs at most the text's length times the pattern's.
public struct Glob: Sendable {
    enum Element: Sendable {
        case scalar(Unicode.Scalar)
        case anyScalar
        case anyRun
        case set(Bracket)

        func matches(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .scalar(let expected): return scalar == expected
            case .anyScalar, .anyRun: return true
            case .set(let bracket): return bracket.contains(scalar)
            }
        }

        var scalar: Unicode.Scalar? {
            if case .scalar(let scalar) = self { scalar } else { nil }
        }
    }

    /// The pattern itself when it has no wildcard, so the common "target one id" case is a plain
    /// comparison.
    private let literal: String?
    /// `*` alone, the most common target of all, needs no scanning.
    private let matchesEverything: Bool
    private let elements: [Element]
    /// The literal text every match starts with: the pattern up to its first wildcard or set, which
    /// lets a database narrow its rows by index before the pattern itself is tried.
    public let prefix: String
    /// Whether matching means starting with `prefix`, which is so when `*` alone follows it.
    public let isPrefixMatch: Bool

    public init(_ pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        var elements: [Element] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "*":
                if case .anyRun = elements.last { continue }
                elements.append(.anyRun)
            case "?":
                elements.append(.anyScalar)
            case "[":
                if let (bracket, end) = Bracket.parse(scalars, openedAt: index - 1) {
                    elements.append(.set(bracket))
                    index = end
                } else {
                    elements.append(.scalar(scalar))
                }
            default:
                elements.append(.scalar(scalar))
            }
        }
        self.elements = elements
        let leading = elements.prefix { $0.scalar != nil }.compactMap(\.scalar)
        prefix = String(String.UnicodeScalarView(leading))
        literal = leading.count == elements.count ? prefix : nil
        let rest = elements[leading.count...]
        if rest.count == 1, case .anyRun? = rest.first {
            isPrefixMatch = true
        } else {
            isPrefixMatch = false
        }
        matchesEverything = isPrefixMatch && prefix.isEmpty
    }

    /// Whether the pattern has no wildcard and no set: only `prefix` itself matches.
    public var isLiteral: Bool { literal != nil }

    public func matches(_ text: String) -> Bool {
        if let literal {
            // Python compares code points (equal exactly when the UTF-8 is), where Swift's `==`
            // would also equate canonically equivalent spellings.
            return text.utf8.elementsEqual(literal.utf8)
        }
        if matchesEverything { return true }
        let scalars = text.unicodeScalars
        var position = scalars.startIndex
        var element = 0
        // Where to resume after the most recent `*` if the rest fails: that star absorbs one more scalar.
        var backtrack: (element: Int, position: String.UnicodeScalarView.Index)?
        while position < scalars.endIndex {
            if element < elements.count {
                if case .anyRun = elements[element] {
                    element += 1
                    backtrack = (element, position)
                    continue
                }
                if elements[element].matches(scalars[position]) {
                    element += 1
                    position = scalars.index(after: position)
                    continue
                }
            }
            guard let resume = backtrack else { return false }
            let next = scalars.index(after: resume.position)
            backtrack = (resume.element, next)
            element = resume.element
            position = next
        }
        while element < elements.count, case .anyRun = elements[element] {
            element += 1
        }
        return element == elements.count
    }
}
