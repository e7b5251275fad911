#if canImport(Glibc)
import Glibc
#endif

/// `--versions-report` in Salt's layout: titled blocks of `name: version` lines, names right-aligned to
/// one column, each block ending in a line holding one space. Each program lists the libraries it links;
/// one it does not link reads `Not Installed`, as in Salt.
public struct VersionsReport: Sendable {
    /// A library and its version, nil when the program does not link it.
    public typealias Dependency = (name: String, version: String?)

    public let dependencies: [Dependency]

    public init(dependencies: [Dependency]) {
        self.dependencies = dependencies
    }

    public var text: String {
        let blocks: [(String, [(String, String?)])] = [
            ("Brine Version", [("Brine", BuildInfo.version), ("Commit", BuildInfo.commit)]),
            ("Swift Version", [("Swift", BuildInfo.swiftVersion)]),
            ("Dependency Versions", dependencies.map { ($0.name, $0.version) }),
            ("System Versions", SystemVersions.current.entries),
        ]
        let notInstalled = "Not Installed"
        let pad = max(
            notInstalled.count, dependencies.map(\.name.count).max() ?? 0,
            SystemVersions.current.entries.map(\.0.count).max() ?? 0) + 1
        var out = ""
        for (title, entries) in blocks {
            out += title + ":\n"
            let sorted = title == "Brine Version" ? entries : entries.sorted { $0.0.lowercased() < $1.0.lowercased() }
            for (name, version) in sorted {
                out += String(repeating: " ", count: max(0, pad - name.count)) + name + ": " + (version ?? notInstalled) + "\n"
            }
            out += " \n"
        }
        return out
    }
}

/// The host, as Salt's report names it: the distribution (`/etc/os-release`, with Debian's point release
/// from `/etc/debian_version`), the locale's encoding, and `uname`.
struct SystemVersions: Sendable {
    let entries: [(String, String?)]

    static var current: SystemVersions {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let release = OSRelease.read()
        return SystemVersions(entries: [
            ("dist", release.map { [$0.id, $0.version, $0.codename].filter { !$0.isEmpty }.joined(separator: " ") }),
            ("locale", localeEncoding),
            ("machine", field(names.machine)),
            ("release", field(names.release)),
            ("system", field(names.sysname)),
            ("version", release.map { [$0.name, $0.version, $0.codename].filter { !$0.isEmpty }.joined(separator: " ") }),
        ])
    }

    /// Python's preferred encoding, lowercased: UTF-8 unless the locale names another.
    private static var localeEncoding: String {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            guard let value = getenv(name).map({ String(cString: $0) }), !value.isEmpty else { continue }
            if let dot = value.firstIndex(of: ".") {
                let encoding = value[value.index(after: dot)...].prefix { $0 != "@" }.lowercased()
                return encoding == "utf8" ? "utf-8" : encoding
            }
            return "utf-8"
        }
        return "utf-8"
    }
}

/// The few `/etc/os-release` fields the report shows.
struct OSRelease: Sendable {
    let id: String
    let name: String
    let version: String
    let codename: String

    static func read() -> OSRelease? {
        guard let text = readFile("/etc/os-release") ?? readFile("/usr/lib/os-release") else { return nil }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...]
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = value.dropFirst().dropLast()
            }
            fields[String(line[..<equals])] = String(value)
        }
        var version = fields["VERSION_ID"] ?? ""
        if fields["ID"] == "debian", let point = readFile("/etc/debian_version")?.split(separator: "\n").first,
           point.first?.isNumber == true {
            version = String(point)
        }
        return OSRelease(id: fields["ID"] ?? "", name: fields["NAME"] ?? "", version: version,
                         codename: fields["VERSION_CODENAME"] ?? "")
    }

    private static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
