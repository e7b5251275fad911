import MessagePack

/// The `os*` grains from `/etc/os-release`, named and cased as Salt names them.
enum OSRelease {
    /// Salt's names for distribution ids, and the family each belongs to.
    private static let names: [String: (os: String, family: String)] = [
        "debian": ("Debian", "Debian"), "ubuntu": ("Ubuntu", "Debian"), "raspbian": ("Raspbian", "Debian"),
        "linuxmint": ("Mint", "Debian"), "devuan": ("Devuan", "Debian"), "pop": ("Pop", "Debian"),
        "rhel": ("RedHat", "RedHat"), "centos": ("CentOS", "RedHat"), "fedora": ("Fedora", "RedHat"),
        "rocky": ("Rocky", "RedHat"), "almalinux": ("AlmaLinux", "RedHat"), "ol": ("OEL", "RedHat"),
        "amzn": ("Amazon", "RedHat"), "opensuse-leap": ("Leap", "Suse"), "sles": ("SUSE", "Suse"),
        "arch": ("Arch", "Arch"), "alpine": ("Alpine", "Alpine"), "gentoo": ("Gentoo", "Gentoo"),
    ]

    static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            var value = String(line[line.index(after: equals)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            fields[String(line[..<equals])] = value
        }
        return fields
    }

    static func grains(_ text: String) -> [(String, MessagePackValue)] {
        let release = fields(text)
        let id = release["ID"] ?? "linux"
        let known = names[id]
        let os = known?.os ?? (release["NAME"] ?? "Linux")
        let version = release["VERSION_ID"] ?? ""
        let parts = version.split(separator: ".").compactMap { Int($0) }
        var grains: [(String, MessagePackValue)] = [
            ("os", .text(os)),
            ("os_family", .text(known?.family ?? os)),
            ("osrelease", .text(version)),
            ("osrelease_info", .array(parts.map { .int(Int64($0)) })),
            ("oscodename", .text(release["VERSION_CODENAME"] ?? "")),
            ("osfullname", .text(release["NAME"].map { $0.replacingOccurrences(of: " GNU/Linux", with: "") } ?? os)),
        ]
        if let major = parts.first { grains.append(("osmajorrelease", .int(Int64(major)))) }
        return grains
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
