import BrineCore

/// A `salt://path?saltenv=env` address, read as Salt 3008's `salt.utils.url.parse` reads it: the
/// first `?saltenv=` splits off the environment, a `?env=` (no longer supported) is dropped with all
/// after it, and an empty authority (`salt:///etc/motd`) is the same as `salt://etc/motd`.
struct SaltURL {
    var path: String
    /// The environment the query names, if any.
    var saltenv: String?

    /// nil when `text` is not a `salt://` URL.
    init?(_ text: String) {
        guard text.hasPrefix("salt://") else { return nil }
        let resource = text.dropFirst("salt://".count)
        var rest = resource
        saltenv = nil
        if let query = resource.firstRange(of: "?env=") {
            rest = resource[..<query.lowerBound]
        } else if let query = resource.firstRange(of: "?saltenv=") {
            rest = resource[..<query.lowerBound]
            saltenv = String(resource[query.upperBound...])
        }
        path = String(rest.drop { $0 == "/" })
    }

    /// The scheme of an address that is not `salt://` (`http`, `file`, ...), for the refusal.
    static func scheme(of text: String) -> String? {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].hasPrefix("//"), !parts[0].isEmpty else { return nil }
        return String(parts[0])
    }
}
