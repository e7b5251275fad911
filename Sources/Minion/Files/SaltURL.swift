import BrineCore

/// A `salt://path?saltenv=env` address, as Salt's `salt.utils.url` reads it.
struct SaltURL {
    var path: String
    /// The environment the query names, if any.
    var saltenv: String?

    /// nil when `text` is not a `salt://` URL.
    init?(_ text: String) {
        guard text.hasPrefix("salt://") else { return nil }
        var rest = String(text.dropFirst("salt://".count))
        saltenv = nil
        if let question = rest.lastIndex(of: "?") {
            let query = rest[rest.index(after: question)...]
            if query.hasPrefix("saltenv=") {
                saltenv = String(query.dropFirst("saltenv=".count))
                rest = String(rest[..<question])
            }
        }
        path = rest
    }

    /// The scheme of an address that is not `salt://` (`http`, `file`, ...), for the refusal.
    static func scheme(of text: String) -> String? {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].hasPrefix("//"), !parts[0].isEmpty else { return nil }
        return String(parts[0])
    }
}
