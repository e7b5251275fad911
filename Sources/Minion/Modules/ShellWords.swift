/// Python's `shlex.split` (POSIX mode): how Salt turns a command line into an argv when
/// `python_shell=False` runs it without a shell.
enum ShellWords {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func split(_ line: String) throws(Failure) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = line.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw Failure(description: "No closing quotation") }
                    if next == "'" { break }
                    word.unicodeScalars.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw Failure(description: "No closing quotation") }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { throw Failure(description: "No closing quotation") }
                        // Inside double quotes a backslash only escapes a quote or a backslash.
                        if escaped != "\"" && escaped != "\\" { word.unicodeScalars.append("\\") }
                        word.unicodeScalars.append(escaped)
                    } else {
                        word.unicodeScalars.append(next)
                    }
                }
            case "\\":
                guard let escaped = iterator.next() else { throw Failure(description: "No escaped character") }
                inWord = true
                word.unicodeScalars.append(escaped)
            default:
                inWord = true
                word.unicodeScalars.append(scalar)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
