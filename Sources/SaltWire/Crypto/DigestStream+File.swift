#if canImport(Glibc)
import Glibc
#endif

extension DigestStream {
    /// The hex digest of a file's content, read in 64 KiB pieces so a large file costs no more memory
    /// than a small one: what `_file_hash` answers and what the minion's file cache compares with.
    /// nil when the algorithm is unknown or the file cannot be read.
    public static func hexDigest(ofFile path: String, algorithm: String) -> String? {
        guard let digest = DigestStream(algorithm: algorithm) else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return Digest.hex(digest.finish())
    }
}
