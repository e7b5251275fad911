public import MessagePack
import PythonRules
import Synchronization

#if canImport(Glibc)
public import Glibc
#endif

/// `audit_log`: who did what, one JSON object per line. brine-master writes one line per publication
/// (and per refused one) and per key it accepts on its own; brine-key one per key it accepts, rejects
/// or deletes, whether a master runs or not. Each line is one `write` to a file opened for appending,
/// so the two never interleave within a line. The master opens the file again on SIGHUP, after
/// logrotate has moved it.
public final class AuditLog: Sendable {
    /// The file, or nil when no `audit_log` is configured (then nothing is written).
    public let path: String?
    private let redactions: [Glob]
    private let descriptor: Mutex<Int32>

    /// Opens (creating, mode 0600) the file; throws when it cannot, since an audit trail that is
    /// silently not written is worse than a daemon that does not start.
    public init(path: String?, redact: [String]) throws(FileSystem.Failure) {
        self.path = path
        redactions = redact.map(Glob.init)
        descriptor = Mutex(path == nil ? -1 : try Self.open(path!))
    }

    deinit {
        descriptor.withLock { if $0 >= 0 { close($0) } }
    }

    private static func open(_ path: String) throws(FileSystem.Failure) -> Int32 {
        let descriptor = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileSystem.Failure(path: path, operation: "open", code: errno) }
        return descriptor
    }

    /// Closes and opens the file again (SIGHUP): lines go to the new file once logrotate moved the old.
    public func reopen() throws(FileSystem.Failure) {
        guard let path else { return }
        let fresh = try Self.open(path)
        descriptor.withLock { current in
            if current >= 0 { close(current) }
            current = fresh
        }
    }

    /// Appends one line: `time` (UTC, ISO 8601) and `event` first, then `fields` in order.
    public func record(_ event: String, _ fields: [MessagePackPair]) throws(FileSystem.Failure) {
        guard let path else { return }
        let entry = MessagePackValue.map([MessagePackPair("time", .text(Timestamp.iso8601())), MessagePackPair("event", .text(event))] + fields)
        let line = Array((JSONText.encode(entry, indent: nil) + "\n").utf8)
        let result = descriptor.withLock { descriptor in
            line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        }
        guard result == line.count else { throw FileSystem.Failure(path: path, operation: "write", code: result < 0 ? errno : EIO) }
    }

    /// The job's arguments with the value of every keyword whose name matches an `audit_redact`
    /// pattern replaced, in keyword maps at any depth and in `name=value` strings.
    public func redacted(_ arguments: [MessagePackValue]) -> [MessagePackValue] {
        guard !redactions.isEmpty else { return arguments }
        return arguments.map(redacted)
    }

    public static let redactedValue: MessagePackValue = "<redacted>"

    private func redacted(_ value: MessagePackValue) -> MessagePackValue {
        switch value {
        case .map(let pairs):
            return .map(pairs.map { pair in
                guard let name = pair.key.stringValue, isSecret(name) else { return MessagePackPair(pair.key, redacted(pair.value)) }
                return MessagePackPair(pair.key, Self.redactedValue)
            })
        case .array(let items):
            return .array(items.map(redacted))
        case .string:
            guard let text = value.stringValue, let equals = text.firstIndex(of: "="), isSecret(String(text[..<equals])) else { return value }
            return .text(String(text[...equals]) + "<redacted>")
        default:
            return value
        }
    }

    private func isSecret(_ name: String) -> Bool {
        redactions.contains { $0.matches(name.lowercased()) }
    }
}

extension AuditLog {
    /// Who ran a command, as the audit lines name them: uid and user name.
    public static func caller(uid: uid_t) -> [MessagePackPair] {
        [MessagePackPair("uid", .int(Int64(uid))), MessagePackPair("user", .text(userName(uid)))]
    }

    /// The name of `uid`, or the number when it has none.
    public static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid) else { return String(uid) }
        return String(cString: entry.pointee.pw_name)
    }
}
