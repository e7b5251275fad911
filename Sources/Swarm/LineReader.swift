#if canImport(Glibc)
import Glibc
#endif

/// Whole lines from a pipe read without blocking: the supervisor and its workers talk in lines.
struct LineReader {
    let fileDescriptor: Int32
    private var buffer: [UInt8] = []
    /// The writer closed its end.
    private(set) var atEnd = false

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Reads what is there (call when poll says the descriptor is readable) and returns the complete lines.
    mutating func readLines() -> [String] {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = read(fileDescriptor, &chunk, chunk.count)
        if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) {
            atEnd = true
        } else if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
        }
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
            buffer.removeSubrange(...newline)
        }
        return lines
    }
}
