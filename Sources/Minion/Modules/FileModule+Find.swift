import BrineCore
import MessagePack
import PythonRules

#if canImport(Glibc)
import Glibc
#endif

extension FileModule {
    static var find: ExecutionFunction {
        ExecutionFunction(
            "file.find",
            doc: """
                Return the sorted paths under path (a glob; the path itself included) that meet every criterion given, like find(1):
                name / iname: the file name matches a glob (case-sensitive / not), e.g. name='*.conf';
                regex / iregex: the file name matches a regular expression from its start;
                type: one or more of f (file), d (directory), l (symlink), b, c, p, s;
                size: +N larger than or equal to, -N smaller than or equal to, N about N; suffixes b, k, m, g, t (e.g. size=+10m);
                mindepth / maxdepth: how deep below path to look.

                CLI Example:

                    brine '*' file.find /etc name='*.conf' type=f
                    brine '*' file.find /var/log size=+10m maxdepth=2
                """,
            parameters: [Parameter("path", .string)], variadic: true, extraKeywords: true
        ) { arguments, _ in
            // Salt also takes actions as words (`delete`); only printing paths is offered here.
            for action in arguments.extraPositional where action.pythonString != "print" {
                throw ExecutionError.invocation("file.find does not support the '\(action.pythonString)' action; it only returns paths")
            }
            let finder = try Finder(arguments.extraKeywords)
            var found: [String] = []
            for root in expand(try path(arguments, "path")) { finder.walk(root, into: &found) }
            return .array(found.sorted().map(MessagePackValue.text))
        }
    }

    /// Python's `glob.glob`: the paths a pattern names, none when nothing matches.
    static func expand(_ pattern: String) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }
    }

    /// Salt's `Finder`: criteria checked in order of cost, depth limits, paths as results.
    struct Finder {
        var names: [Regex<AnyRegexOutput>] = []
        var types: Set<mode_t>?
        var sizes: (min: Int, max: Int)?
        var minDepth = 0
        var maxDepth: Int?

        init(_ options: [MessagePackPair]) throws(ExecutionError) {
            for pair in options {
                let key = pair.key.pythonString
                if key.hasPrefix("_") { continue }
                let value = pair.value.pythonString
                if key != "print" && (pair.value.isNil || value.isEmpty) { throw .invocation("missing value for \"\(key)\" option") }
                switch key {
                case "name", "iname":
                    // Salt's translation, kept as is: `?` matches at most one character.
                    let pattern = value.replacing(".", with: "\\.").replacing("?", with: ".?").replacing("*", with: ".*") + "$"
                    names.append(try Self.regex(pattern, ignoringCase: key == "iname", original: value))
                case "regex", "iregex":
                    names.append(try Self.regex(value, ignoringCase: key == "iregex", original: value))
                case "type":
                    let letters: [Character: mode_t] = ["b": S_IFBLK, "c": S_IFCHR, "d": S_IFDIR, "f": S_IFREG, "l": S_IFLNK, "p": S_IFIFO, "s": S_IFSOCK]
                    var chosen = Set<mode_t>()
                    for letter in value where letter != "," && letter != " " {
                        guard let bits = letters[letter] else { throw .invocation("invalid file type \"\(letter)\"") }
                        chosen.insert(bits)
                    }
                    types = chosen
                case "size": sizes = try Self.size(value)
                case "mindepth", "maxdepth":
                    guard let depth = Int(value) else { throw .invocation("invalid \(key): \"\(value)\"") }
                    if key == "mindepth" { minDepth = depth } else { maxDepth = depth }
                case "print":
                    guard pair.value.isNil || value == "path" else { throw .invocation("invalid print option \"\(value)\": Brine prints paths") }
                default: throw .invocation("invalid option \"\(key)\"")
                }
            }
        }

        private static func regex(_ pattern: String, ignoringCase: Bool, original: String) throws(ExecutionError) -> Regex<AnyRegexOutput> {
            do {
                let regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
                return ignoringCase ? regex.ignoresCase() : regex
            } catch {
                throw .invocation("invalid regular expression: \"\(original)\"")
            }
        }

        /// `+N` at least, `-N` at most, `N` within one unit of N; units b, k, m, g, t (powers of 1024).
        static func size(_ text: String) throws(ExecutionError) -> (min: Int, max: Int) {
            var scalar = Substring(text.trimmed())
            var style: Character = "="
            if let first = scalar.first, first == "+" || first == "-" {
                style = first
                scalar = scalar.dropFirst()
            }
            let units: [Character: Int] = ["b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40]
            var unit = 1
            if let last = scalar.last?.lowercased().first, let multiplier = units[last] {
                unit = multiplier
                scalar = Substring(scalar.dropLast().trimmed())
            }
            guard let number = Double(scalar) else { throw .invocation("invalid size: \"\(text)\"") }
            let bytes = Int(number * Double(unit))
            switch style {
            case "-": return (0, bytes)
            case "+": return (bytes, Int.max)
            default: return (bytes, bytes + unit - 1)
            }
        }

        /// The start path itself (depth 0), then everything below it, never following symlinks.
        func walk(_ root: String, into found: inout [String]) {
            if minDepth < 1 && matches(root, name: String(root.split(separator: "/").last ?? Substring(root))) { found.append(root) }
            descend(root, depth: 1, into: &found)
        }

        private func descend(_ directory: String, depth: Int, into found: inout [String]) {
            if let maxDepth, depth > maxDepth { return }
            for name in FileModule.entries(of: directory) {
                let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                if depth >= minDepth && matches(full, name: name) { found.append(full) }
                if FileModule.kind(of: full, follow: false) == S_IFDIR { descend(full, depth: depth + 1, into: &found) }
            }
        }

        /// Names first (no disk access), then the file's type (not following links, as find(1)) and
        /// size (following them, as Salt).
        private func matches(_ path: String, name: String) -> Bool {
            for regex in names where (try? regex.prefixMatch(in: name)) == nil { return false }
            if let types, !types.contains(FileModule.kind(of: path, follow: false) ?? 0) { return false }
            if let sizes {
                var info = stat()
                guard stat(path, &info) == 0 || lstat(path, &info) == 0 else { return false }
                if Int(info.st_size) < sizes.min || Int(info.st_size) > sizes.max { return false }
            }
            return true
        }
    }
}
