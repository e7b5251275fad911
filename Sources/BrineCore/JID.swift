import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Salt's job ids: the UTC time as 20 digits, `YYYYmmddHHMMSSffffff`, kept strictly increasing within
/// a process so two jobs published in the same microsecond still get distinct ids.
public final class JIDGenerator: Sendable {
    /// The last id handed out, in microseconds since the epoch.
    private let last = Mutex<UInt64>(0)

    public init() {}

    public func next() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var micros = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec / 1000)
        last.withLock { last in
            if micros <= last { micros = last + 1 }
            last = micros
        }
        return JID.format(microsecondsSinceEpoch: micros)
    }
}

public enum JID {
    public static func format(microsecondsSinceEpoch micros: UInt64) -> String {
        var seconds = time_t(micros / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2)
            + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2)
            + pad(Int32(micros % 1_000_000), 6)
    }

    /// Salt's `is_jid`: 20 digits, optionally followed by `_<suffix>`.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[0..<20].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return bytes.count == 20 || (bytes.count > 21 && bytes[20] == UInt8(ascii: "_"))
    }
}
