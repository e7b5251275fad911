#if canImport(Glibc)
import Glibc
#endif

/// The times of the jobs runner: Salt's `StartTime` text (`2026, Nov 21 19:05:15.961226`, from the jid,
/// UTC) and the forms operators type for `start_time`/`end_time`.
public enum JobTime {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Salt's `jid_to_time`.
    public static func startTime(jid: String) -> String {
        String(decoding: startTimeUTF8(jid: jid), as: UTF8.self)
    }

    /// `startTime(jid:)` as UTF-8 bytes, built byte by byte straight from the jid's: `jobs.list_jobs`
    /// formats one per job, 10,000 at a time, as a msgpack string.
    static func startTimeUTF8(jid: String) -> [UInt8] {
        var jid = jid
        return jid.withUTF8 { digits in
            guard digits.count >= 20, digits.prefix(20).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return [] }
            let month = Int(digits[4] - UInt8(ascii: "0")) * 10 + Int(digits[5] - UInt8(ascii: "0"))
            guard (1...12).contains(month) else { return [] }
            return [UInt8](unsafeUninitializedCapacity: 29) { text, count in
                func append(_ byte: UInt8) {
                    text[count] = byte
                    count += 1
                }
                func append(digitsAt range: Range<Int>) {
                    for index in range { append(digits[index]) }
                }
                append(digitsAt: 0..<4)
                append(UInt8(ascii: ","))
                append(UInt8(ascii: " "))
                for byte in months[month - 1].utf8 { append(byte) }
                append(UInt8(ascii: " "))
                append(digitsAt: 6..<8)
                append(UInt8(ascii: " "))
                append(digitsAt: 8..<10)
                append(UInt8(ascii: ":"))
                append(digitsAt: 10..<12)
                append(UInt8(ascii: ":"))
                append(digitsAt: 12..<14)
                append(UInt8(ascii: "."))
                append(digitsAt: 14..<20)
            }
        }
    }

    /// Seconds since the epoch for `2026, Nov 21 19:05[:15[.961226]]`, `2026-11-21[ T]19:05[:15]`,
    /// `2026-11-21`, or a jid; nil when none fits. Times are UTC, as jids are.
    public static func parse(_ text: String) -> Double? {
        var trimmed = text.trimmingCharacters(in: " ")
        if trimmed.count > 10, trimmed.dropFirst(4).first == "-" {
            trimmed = String(trimmed.map { $0 == "T" ? " " : $0 })
        }
        if trimmed.count >= 20, trimmed.prefix(20).allSatisfy(\.isNumber) {
            return parse(startTime(jid: String(trimmed.prefix(20))))
        }
        var fields: [String] = []
        var current = ""
        for character in trimmed {
            if character.isNumber || character.isLetter {
                current.append(character)
            } else if character == "." && fields.count >= 5 {
                current.append(character)
            } else if !current.isEmpty {
                fields.append(current)
                current = ""
            }
        }
        if !current.isEmpty { fields.append(current) }
        guard fields.count >= 3, let year = Int(fields[0]) else { return nil }
        let month: Int
        if let named = months.firstIndex(where: { fields[1].lowercased().hasPrefix($0.lowercased()) }) {
            month = named + 1
        } else if let number = Int(fields[1]) {
            month = number
        } else {
            return nil
        }
        guard let day = Int(fields[2]), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let hour = fields.count > 3 ? Int(fields[3]) ?? 0 : 0
        let minute = fields.count > 4 ? Int(fields[4]) ?? 0 : 0
        let second = fields.count > 5 ? Double(fields[5]) ?? 0 : 0
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        return Double(timegm(&parts)) + second
    }
}
