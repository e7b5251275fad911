/// A Python `datetime` as Salt moves it: msgpack ext 78 holding `YYYYMMDDTHH:MM:SS.ffffff`
/// (`strftime("%Y%m%dT%H:%M:%S.%f")`), which Salt's loader turns back into a `datetime`.
struct PythonDateTime: CustomStringConvertible {
    static let extType: Int8 = 78

    let year, month, day, hour, minute, second, microsecond: Int

    /// Nil for text that is not a valid date and time in that form; the fraction may have one to
    /// six digits, as `%f` reads it.
    init?(saltText data: [UInt8]) {
        guard data.count >= 19, data.count <= 24, data[8] == UInt8(ascii: "T"), data[11] == UInt8(ascii: ":"),
              data[14] == UInt8(ascii: ":"), data[17] == UInt8(ascii: ".")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            let digits = data[range]
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
              let minute = number(12..<14), let second = number(15..<17), let fraction = number(18..<data.count)
        else { return nil }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, of: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var microsecond = fraction
        for _ in 0..<(6 - (data.count - 18)) { microsecond *= 10 }
        (self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond) =
            (year, month, day, hour, minute, second, microsecond)
    }

    /// `str()`: ISO 8601 with a space, the fraction only when there is one.
    var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
        let time = "\(padded(hour, 2)):\(padded(minute, 2)):\(padded(second, 2))"
        return date + " " + time + (microsecond == 0 ? "" : "." + padded(microsecond, 6))
    }

    /// `repr()`: the constructor call, leaving out a zero microsecond and then a zero second.
    var pythonRepr: String {
        var fields = [year, month, day, hour, minute, second, microsecond]
        if fields.last == 0 { fields.removeLast() }
        if fields.count == 6, fields.last == 0 { fields.removeLast() }
        return "datetime.datetime(" + fields.map(String.init).joined(separator: ", ") + ")"
    }

    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
