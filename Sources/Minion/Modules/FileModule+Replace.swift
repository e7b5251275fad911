import MessagePack
import PythonRules

extension FileModule {
    static var replace: ExecutionFunction {
        ExecutionFunction(
            "file.replace",
            doc: """
                Replace what a regular expression matches in a file, like Python's re.sub, and return the changes as a unified diff ('' when nothing changed).
                pattern: the expression; repl: the replacement (\\1 or \\g<name> insert groups); count: at most this many replacements (0: all);
                flags: re flags as a number (default 8, MULTILINE) or names such as [IGNORECASE, MULTILINE]; bufsize: accepted, the file is read whole;
                append_if_not_found / prepend_if_not_found: add not_found_content (default: repl) as a line when the pattern is absent;
                backup: suffix of the copy kept of the original ('.bak'; False for none); dry_run: change nothing;
                search_only: only return whether the pattern is found; show_changes=False returns True/False instead of the diff;
                ignore_if_missing: return False instead of failing when the file is missing; backslash_literal: take repl literally.

                CLI Example:

                    brine '*' file.replace /etc/httpd/httpd.conf pattern='LogLevel warn' repl='LogLevel info'
                    brine '*' file.replace /etc/ssh/sshd_config pattern='^#?PermitRootLogin .*' repl='PermitRootLogin no' append_if_not_found=True
                """,
            parameters: [
                Parameter("path", .string), Parameter("pattern", .string), Parameter("repl", .string), Parameter("count", .int, default: 0),
                Parameter("flags", .any, default: 8), Parameter("bufsize", .any, default: 1),
                Parameter("append_if_not_found", .bool, default: false, keywordOnly: true),
                Parameter("prepend_if_not_found", .bool, default: false, keywordOnly: true),
                Parameter("not_found_content", .string, default: .nil, keywordOnly: true),
                Parameter("backup", .any, default: ".bak", keywordOnly: true), Parameter("dry_run", .bool, default: false, keywordOnly: true),
                Parameter("search_only", .bool, default: false, keywordOnly: true), Parameter("show_changes", .bool, default: true, keywordOnly: true),
                Parameter("ignore_if_missing", .bool, default: false, keywordOnly: true),
                Parameter("backslash_literal", .bool, default: false, keywordOnly: true),
            ]
        ) { arguments, _ in
            try replace(arguments)
        }
    }

    private static func replace(_ arguments: Arguments) throws(ExecutionError) -> MessagePackValue {
        let file = resolved(try path(arguments, "path"))
        guard kind(of: file, follow: true) != nil else {
            if try arguments.bool("ignore_if_missing") { return false }
            throw .invocation("File not found: \(file)")
        }
        let bytes = try contents(file)
        guard !bytes.prefix(512).contains(0), let original = String(validating: bytes, as: UTF8.self) else {
            throw .invocation("Cannot perform string replacements on a binary file: \(file)")
        }
        let append = try arguments.bool("append_if_not_found"), prepend = try arguments.bool("prepend_if_not_found")
        let searchOnly = try arguments.bool("search_only")
        if searchOnly && (append || prepend) { throw .invocation("search_only cannot be used with append/prepend_if_not_found") }
        if append && prepend { throw .invocation("Only one of append and prepend_if_not_found is permitted") }
        let flags = try PythonSubstitution.flags(arguments["flags"])
        let substitution = try PythonSubstitution(pattern: try arguments.string("pattern"), flags: flags)
        if searchOnly { return .bool(substitution.found(in: original)) }
        var repl = try arguments.string("repl")
        if try arguments.bool("backslash_literal") { repl = repl.replacing("\\", with: "\\\\") }
        let (result, replaced) = try substitution.substitute(repl, in: original, count: try arguments.int("count"))
        var found = replaced > 0
        var content = try arguments.string("repl")
        if let notFoundContent = try arguments.optionalString("not_found_content") { content = notFoundContent }
        if append || prepend {
            // Already present as a whole line counts as found, as in Salt.
            let line = try PythonSubstitution(pattern: "^" + PythonSubstitution.escape(content) + "($|(?=\r\n))", flags: flags)
            if line.found(in: original) { found = true }
        }
        let before = splitLines(original)
        var after = splitLines(result)
        var changed = before != after
        if !found && (append || prepend) {
            if prepend {
                after.insert(content + "\n", at: 0)
            } else {
                if let last = after.last, !last.hasSuffix("\n") { after[after.count - 1] = last + "\n" }
                after.append(content + "\n")
            }
            changed = true
        }
        let dryRun = try arguments.bool("dry_run")
        if changed && !dryRun {
            let backup = arguments["backup"]
            if backup.boolValue != false && !backup.isNil && !backup.pythonString.isEmpty {
                try store(bytes, to: file + backup.pythonString, append: false)
            }
            try store(Array(after.joined().utf8), to: file, append: false)
        }
        let differences = UnifiedDiff.diff(before, after)
        if try arguments.bool("show_changes") { return .text(differences) }
        return .bool(changed && !differences.isEmpty)
    }

    /// Python's `str.splitlines(True)` for `\n`, `\r\n` and `\r`: lines keep their endings.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            if previousCR && scalar != "\n" {
                lines.append(current)
                current = ""
            }
            current.unicodeScalars.append(scalar)
            previousCR = scalar == "\r"
            if scalar == "\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
