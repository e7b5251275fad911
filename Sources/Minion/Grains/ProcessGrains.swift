import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// Grains about the minion process rather than the host: who it runs as, its environment and locale.
enum ProcessGrains {
    static func grains() -> [(String, MessagePackValue)] {
        let uid = geteuid()
        let user = getpwuid(uid)
        let username = user.map { String(cString: $0.pointee.pw_name) } ?? ""
        // Salt names the user's login group here, not the process's effective group.
        let groupname = user.flatMap { getgrgid($0.pointee.pw_gid) }.map { String(cString: $0.pointee.gr_name) } ?? ""
        let path = HostFile.strip(HostFile.environment("PATH") ?? "")
        return [
            ("pid", .int(Int64(getpid()))),
            ("uid", .int(Int64(uid))),
            ("gid", .int(Int64(getegid()))),
            ("username", .text(username)),
            ("groupname", .text(groupname)),
            ("shell", .text(HostFile.environment("SHELL") ?? "/bin/sh")),
            ("path", .text(path)),
            ("systempath", .array(path.split(separator: ":", omittingEmptySubsequences: false).map { .text(String($0)) })),
            ("locale_info", localeInfo()),
        ]
    }

    /// The locale the environment selects and the local time zone's abbreviation, as Salt's Python
    /// reports them: an unset or plain C locale is coerced to C.UTF-8 (PEP 538), which Python before
    /// 3.12 (what Salt 3008 ships) names `en_US`/`UTF-8`.
    static func localeInfo() -> MessagePackValue {
        let selected = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap(HostFile.environment).first { !$0.isEmpty } ?? "C"
        let (language, encoding) = languageAndEncoding(selected)
        return [
            "defaultlanguage": .text(language),
            "defaultencoding": .text(encoding),
            "detectedencoding": .text(encoding == "UTF-8" ? "utf-8" : encoding.lowercased()),
            "timezone": .text(timeZoneAbbreviation()),
        ]
    }

    static func languageAndEncoding(_ locale: String) -> (String, String) {
        let name = locale.split(separator: "@", maxSplits: 1).first.map(String.init) ?? locale
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        let language = parts.first ?? ""
        var encoding = parts.count == 2 ? parts[1] : "ISO8859-1"
        if ["utf8", "utf-8"].contains(encoding.lowercased()) { encoding = "UTF-8" }
        if ["C", "POSIX", ""].contains(language) { return ("en_US", "UTF-8") }
        return (language, encoding)
    }

    /// The abbreviation of the local time zone now (`UTC`, `CET`, `CEST`).
    private static func timeZoneAbbreviation() -> String {
        tzset()
        var now = time(nil)
        var local = tm()
        guard localtime_r(&now, &local) != nil, let zone = local.tm_zone else { return "unknown" }
        return String(cString: zone)
    }
}
