public import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes Salt-style log lines (`2026-11-21 20:00:00,123 [master   ][INFO    ][1234] text`) to a file
/// descriptor, or the command-line tools' shorter console lines (`[ERROR   ] text`, Salt's
/// `log_fmt_console`). One lock per destination keeps lines from interleaving across threads.
public struct BrineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: LogSink
    private let short: Bool

    init(label: String, level: Logger.Level, sink: LogSink, short: Bool = false) {
        self.label = label
        self.logLevel = level
        self.sink = sink
        self.short = short
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let levelName = event.level.saltName.uppercased()
        let paddedLevel = levelName + String(repeating: " ", count: max(0, 8 - levelName.count))
        if short {
            sink.write("[\(paddedLevel)] \(event.message)\(details)\n")
        } else {
            sink.write("\(Self.timestamp()) [\(label)][\(paddedLevel)][\(getpid())] \(event.message)\(details)\n")
        }
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S", &parts)
        let millis = String(Int(now.tv_nsec / 1_000_000))
        let base = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return base + "," + String(repeating: "0", count: 3 - millis.count) + millis
    }
}

/// A shared destination for log lines. The descriptor sits inside the lock that each whole line is
/// written under.
final class LogSink: Sendable {
    private let fileDescriptor: Mutex<Int32>
    /// The log file, for `reopen`; nil for stderr.
    let path: String?

    init(fileDescriptor: Int32, path: String? = nil) {
        self.fileDescriptor = Mutex(fileDescriptor)
        self.path = path
    }

    /// Opens the log file again and writes there from now on (SIGHUP, after logrotate moved it); the
    /// old file stays in use if the new one cannot be opened.
    func reopen() {
        guard let path else { return }
        let fresh = LogSink.open(path)
        guard fresh >= 0 else { return }
        let old = fileDescriptor.withLock { descriptor in
            defer { descriptor = fresh }
            return descriptor
        }
        close(old)
    }

    static func open(_ path: String) -> Int32 {
        Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
    }

    func write(_ line: String) {
        let bytes = Array(line.utf8)
        fileDescriptor.withLock { fileDescriptor in
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

extension Logger.Level {
    /// Salt's level names, which operators already put in their configs.
    public init?(saltName: String) {
        switch saltName.lowercased() {
        case "all", "garbage", "trace": self = .trace
        case "debug", "profile": self = .debug
        case "info": self = .info
        case "warning", "warn": self = .warning
        case "error": self = .error
        case "critical", "quiet": self = .critical
        default: return nil
        }
    }

    var saltName: String {
        switch self {
        case .trace: return "trace"
        case .debug: return "debug"
        case .info: return "info"
        case .notice, .warning: return "warning"
        case .error: return "error"
        case .critical: return "critical"
        }
    }
}
