#if canImport(Glibc)
import Glibc
#endif

/// Times in the forms Salt puts on the wire.
public enum Timestamp {
    /// ISO 8601 in UTC with microseconds, as Salt's `_stamp`: `2026-11-21T19:05:16.085130+00:00`.
    public static func iso8601() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        let base = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let micros = String(now.tv_nsec / 1000)
        return base + "." + String(repeating: "0", count: 6 - micros.count) + micros + "+00:00"
    }

    /// Seconds since the epoch, with sub-second precision.
    public static func now() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// A monotonic clock in seconds, for timeouts.
    public static func monotonic() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Python's `time.asctime()` in local time, which Salt's start events carry: `Sat Nov 21 19:05:16 2026`.
    public static func asctime() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "%a %b %e %H:%M:%S %Y", &parts)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
