import Foundation

/// One line per fault case, in a form the README's reliability table is made from:
/// `fault (a) <case>: lost X of N <what>; <measure>`.
enum FaultReport {
    static func line(_ label: String, _ title: String, lost: Int, of total: Int, _ what: String, _ measures: [String] = []) {
        let tail = measures.isEmpty ? "" : "; " + measures.joined(separator: "; ")
        print("fault (\(label)) \(title): lost \(lost) of \(total) \(what)\(tail)")
        fflush(nil)
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.1f s", value)
    }
}
