import MessagePack
import PythonRules

/// The `os*` and `lsb_distrib_*` grains, from `/etc/os-release` and `/etc/lsb-release`, derived the
/// way Salt's minion derives them when Python's `lsb_release` module is missing (as it is in Salt's
/// own packages): `os` from os-release's NAME and ID, release and codename from lsb data, which
/// os-release fills in when `/etc/lsb-release` is absent, and `os_family` looked up from `os`.
enum OSRelease {
    /// os-release's fields; the defaults are the specification's (and Python's) for a missing file.
    static func fields(_ text: String) -> [String: String] {
        var fields = ["NAME": "Linux", "ID": "linux", "PRETTY_NAME": "Linux"]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="),
                  !line[..<equals].isEmpty, line[..<equals].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { continue }
            var value = line[line.index(after: equals)...]
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = value.dropFirst().dropLast()
            }
            fields[String(line[..<equals])] = unescaped(value)
        }
        return fields
    }

    /// Shell escapes os-release allows inside quotes: a backslash before `\ $ " ' backtick`.
    private static func unescaped(_ value: Substring) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping, !"\\$\"'`".contains(character) { result.append("\\") }
            if !escaping, character == "\\" {
                escaping = true
                continue
            }
            escaping = false
            result.append(character)
        }
        return escaping ? result + "\\" : result
    }

    /// `/etc/lsb-release`'s DISTRIB_ID, _RELEASE, _CODENAME and _DESCRIPTION, as `lsb_distrib_*` grains.
    static func lsbFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals]
            guard ["DISTRIB_ID", "DISTRIB_RELEASE", "DISTRIB_CODENAME", "DISTRIB_DESCRIPTION"].contains(key) else { continue }
            // Salt keeps the leading run of word characters, spaces, dots and dashes, unquoted.
            var value = line[line.index(after: equals)...]
            if let quote = value.first, quote == "\"" || quote == "'" { value = value.dropFirst() }
            let kept = value.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " || $0 == "\t" || $0 == "." || $0 == "-" }
            guard !kept.isEmpty else { continue }
            fields["lsb_" + key.lowercased()] = String(kept.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
        return fields
    }

    static func grains(osRelease: String, lsbRelease: String, cpuarch: String) -> [(String, MessagePackValue)] {
        let release = fields(osRelease)
        let name = HostFile.strip(release["NAME"] ?? "")
        var lsb = lsbFields(lsbRelease)
        if lsb["lsb_distrib_id"] == nil {
            lsb["lsb_distrib_id"] = name
            lsb["lsb_distrib_release"] = release["VERSION_ID"]
            lsb["lsb_distrib_codename"] = release["VERSION_CODENAME"] ?? release["PRETTY_NAME"]
        }
        var os = derivedOS(name: release["NAME"] ?? "", id: release["ID"])
        var fullName = name
        if let vendor = cpeVendor(release["CPE_NAME"]), ["suse", "opensuse"].contains(vendor.lowercased()) {
            os = "SUSE"
            if release["NAME"] == "openSUSE Leap" { fullName = "Leap" } else if release["VERSION"] == "Tumbleweed" { fullName = "Tumbleweed" }
        }
        let distroCodename = release["VERSION_CODENAME"] ?? release["UBUNTU_CODENAME"] ?? parenthesized(release["VERSION"] ?? "") ?? ""
        // These put the codename in parentheses after the version, where Salt finds it.
        if ["Rocky", "AlmaLinux"].contains(where: { os.contains($0) }), let inner = parenthesized(lsb["lsb_distrib_codename"] ?? "") {
            lsb["lsb_distrib_codename"] = inner
        }
        var codename = HostFile.strip(lsb["lsb_distrib_codename"] ?? "")
        if codename.isEmpty || codename.contains("Red Hat") { codename = distroCodename }
        let osrelease = HostFile.strip(lsb["lsb_distrib_release"] ?? release["VERSION_ID"] ?? "")
        let family = familyOf[os] ?? os
        var grains: [(String, MessagePackValue)] = [
            ("os", .text(os)), ("os_family", .text(family)), ("osfullname", .text(fullName)),
            ("osrelease", .text(osrelease)), ("oscodename", .text(codename)),
            ("osarch", .text(family == "Debian" ? debianArchitecture(cpuarch) : cpuarch)),
        ]
        grains += lsb.sorted { $0.key < $1.key }.map { ($0.key, .text($0.value)) }
        if !osrelease.isEmpty { grains += releaseInfo(os: os, fullName: fullName, osrelease: osrelease) }
        return grains
    }

    /// `osrelease_info` (numeric parts as integers), `osmajorrelease` when the first part is a number,
    /// and `osfinger` (`Debian-12`, `Ubuntu-22.04`, `Fedora Linux-39`).
    static func releaseInfo(os: String, fullName: String, osrelease: String) -> [(String, MessagePackValue)] {
        let parts: [MessagePackValue] = osrelease.split(separator: ".", omittingEmptySubsequences: false).map { part in
            if part.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int64(part) { return .int(number) }
            return .text(String(part))
        }
        var grains: [(String, MessagePackValue)] = [("osrelease_info", .array(parts))]
        let major = parts.first.flatMap { $0.intValue ?? $0.stringValue.flatMap { Int(HostFile.strip($0)) } }
        if let major { grains.append(("osmajorrelease", .int(Int64(major)))) }
        let fingerName = ["Debian", "FreeBSD", "OpenBSD", "NetBSD", "Mac", "Raspbian", "AlmaLinux"].contains(os) ? os : fullName
        let fingerVersion = ["Ubuntu", "Pop", "NixOS"].contains(os) ? osrelease : parts.first.map(\.pythonString) ?? ""
        grains.append(("osfinger", .text("\(fingerName)-\(fingerVersion)")))
        return grains
    }

    /// Salt's traditional `os` name for a distribution: a few (ID, NAME) pairs by name, otherwise NAME
    /// without "Linux"/"GNU/Linux", looked up by its first ten letters lowercased.
    static func derivedOS(name: String, id: String?) -> String {
        if id == "astra" && name == "Astra Linux (Orel)" { return "AstraLinuxCE" }
        if id == "astra" && name == "Astra Linux (Smolensk)" { return "AstraLinuxSE" }
        if id == "pop" && name == "Pop!_OS" { return "Pop" }
        let distribution = HostFile.strip(removingLinux(name))
        let short = String(distribution.filter { $0 != " " }.lowercased().prefix(10))
        return osNames[short] ?? distribution
    }

    /// The text with every "<non-word character>linux" and "<non-word character>gnu/linux" removed,
    /// case-insensitively.
    private static func removingLinux(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        var index = 0
        func matches(_ word: String, at position: Int) -> Bool {
            let end = position + word.count
            return end <= characters.count && String(characters[position..<end]).lowercased() == word
        }
        while index < characters.count {
            let character = characters[index]
            if !(character.isLetter || character.isNumber || character == "_") {
                if matches("gnu/linux", at: index + 1) {
                    index += 10
                    continue
                }
                if matches("linux", at: index + 1) {
                    index += 6
                    continue
                }
            }
            result.append(character)
            index += 1
        }
        return result
    }

    private static func cpeVendor(_ cpe: String?) -> String? {
        let parts = (cpe ?? "").split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 4, parts[0] == "cpe" else { return nil }
        if parts[1].hasPrefix("/") { return String(parts[2]) }
        return parts[1] == "2.3" && parts[3] != "*" ? String(parts[3]) : nil
    }

    /// The text inside the first parentheses: "9.3 (Blue Onyx)" → "Blue Onyx".
    private static func parenthesized(_ text: String) -> String? {
        guard let open = text.firstIndex(of: "(") else { return nil }
        let rest = text[text.index(after: open)...]
        return String(rest.prefix { $0 != ")" })
    }

    /// What `dpkg --print-architecture` prints for a kernel machine name, without running dpkg.
    static func debianArchitecture(_ machine: String) -> String {
        switch machine {
        case "x86_64": return "amd64"
        case "aarch64", "arm64": return "arm64"
        case "armv7l", "armv6l", "armv8l": return "armhf"
        case "i386", "i486", "i586", "i686": return "i386"
        case "ppc64le": return "ppc64el"
        case "mips64": return "mips64el"
        case "loongarch64": return "loong64"
        default: return machine
        }
    }

    /// Salt's `os` names by the first ten letters (no spaces, lowercased) of the distribution's name.
    private static let osNames: [String: String] = [
        "redhatente": "RedHat", "gentoobase": "Gentoo", "archarm": "Arch ARM", "arch": "Arch", "debian": "Debian",
        "raspbian": "Raspbian", "fedoraremi": "Fedora", "chapeau": "Chapeau", "korora": "Korora",
        "amazonami": "Amazon", "alt": "ALT", "enterprise": "OEL", "oracleserv": "OEL", "cloudserve": "CloudLinux",
        "cloudlinux": "CloudLinux", "virtuozzo": "Virtuozzo", "almalinux": "AlmaLinux", "almalinuxk": "AlmaLinux",
        "pidora": "Fedora", "scientific": "ScientificLinux", "synology": "Synology", "nilrt": "NILinuxRT",
        "poky": "Poky", "manjaro": "Manjaro", "manjarolin": "Manjaro", "univention": "Univention",
        "antergos": "Antergos", "sles": "SUSE", "void": "Void", "slesexpand": "RES", "linuxmint": "Mint",
        "neon": "KDE neon", "pop": "Pop", "rocky": "Rocky", "alibabaclo": "Alinux", "mendel": "Mendel",
        "photon": "VMware Photon OS",
    ]

    /// Salt's `os_family` for each `os` that is not its own family.
    private static let familyOf: [String: String] = {
        let families: [String: [String]] = [
            "Debian": [
                "Ubuntu", "Mint", "Trisquel", "GCEL", "Linaro", "elementary OS", "elementary", "Univention", "Raspbian",
                "Devuan", "antiX", "Kali", "Parrot OS", "neon", "Cumulus", "Deepin", "KDE neon", "IDMS", "TurnKey", "Pop",
                "AstraLinuxCE", "AstraLinuxSE", "Mendel", "OSMC",
            ],
            "RedHat": [
                "Fedora", "Chapeau", "Korora", "FedBerry", "CentOS", "CentOS Stream", "GoOSe", "Scientific", "Amazon",
                "CloudLinux", "Virtuozzo", "AlmaLinux", "AlmaLinux Kitten", "OVS", "OEL", "XCP", "XCP-ng", "XenServer",
                "RES", "Sangoma", "VMware Photon OS", "AlterOS", "RED OS", "ALT", "ScientificLinux", "Rocky", "Alinux",
                "openEuler",
            ],
            "Suse": [
                "SLES", "SUSE Enterprise Server", "SUSE  Enterprise Server", "SLED", "openSUSE", "SUSE", "openSUSE Leap",
                "openSUSE Tumbleweed", "SLES_SAP", "alfaLinux", "alfaLinux Rise",
            ],
            "Arch": ["Arch ARM", "Manjaro", "Manjaro ARM", "Antergos", "EndeavourOS"],
            "Mandriva": ["Mandrake"], "VMware": ["VMwareESX"], "Bluewhite": ["Bluewhite64"], "Slackware": ["Slamd64"],
            "Gentoo": ["Funtoo"], "NILinuxRT": ["NILinuxRT"], "Void": ["Void"],
        ]
        var map: [String: String] = [:]
        for (family, names) in families {
            for name in names { map[name] = family }
        }
        return map
    }()
}
