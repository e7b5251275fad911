import MessagePack
import Targeting
import Testing

/// Minions shared by the tables, with grains shaped like a real Debian minion's (plus a few odd
/// shapes Salt's grain matcher has rules for).
enum TargetingFixtures {
    static let grains: MessagePackValue = [
        "os": "Debian",
        "os_family": "Debian",
        "osmajorrelease": 12,
        "num_cpus": 4,
        "is_container": false,
        "selinux": ["enabled": true, "enforced": "Disabled"],
        "roles": ["web", "db"],
        "ipv4": ["127.0.0.1", "10.1.2.3"],
        "ipv6": ["::1", "2001:db8::17", "fe80::1%eth0"],
        "ip_interfaces": ["eth0": ["10.1.2.3", "2001:db8::17"], "lo": ["127.0.0.1"]],
        "mem_ratio": 0.5,
        "kernelrelease": "6.1.0-18-amd64",
        "disks": [["name": "sda", "size": 100], ["name": "sdb", "size": 200]],
        "empty": [:],
        "nothing": .nil,
        "big": 1e16,
        "tiny": 0.00001,
        "ports": .map([MessagePackPair(80, "http"), MessagePackPair(443, "https")]),
        "nested": [["a", "b"], "c"],
        "conf": ["key": "a:b"],
    ]

    static let pillar: MessagePackValue = [
        "role": "web",
        "users": ["alice": ["uid": 1000, "shell": "/bin/zsh"]],
        "datacenter": "Paris-1",
    ]

    static let web1 = MinionFacts(id: "web1", grains: grains, pillar: pillar)

    static let nodegroups: [String: MessagePackValue] = [
        "webs": "web*",
        "dbs": ["db1", "db2"],
        "debian": "G@os:Debian",
        "webdeb": "N@webs and N@debian",
        "either": "N@webs or N@dbs",
        "orgroup": "db* or web*",
        "regexy": "web?",
        "plain": "web1 web2",
        "glued": "(G@os:Debian or G@os:Ubuntu) and not db*",
        "loopA": "N@loopB or web1",
        "loopB": "N@loopA",
        "selfish": "N@selfish",
        "number": 42,
        "empty": "",
        "broken": "web* and",
        "badref": "N@nowhere or web1",
    ]

    /// A minion with the shared grains and pillar under another id.
    static func minion(_ id: String) -> MinionFacts {
        MinionFacts(id: id, grains: grains, pillar: pillar)
    }
}

/// One row of a matching table: does `expression` of `type` select `minion`?
struct MatchCase: Sendable, CustomTestStringConvertible {
    let expression: String
    let type: TargetType
    let minion: MinionFacts
    let expected: Bool
    var delimiter = ":"

    var testDescription: String {
        "\(type.rawValue) '\(expression)' vs \(minion.id) → \(expected)"
    }

    /// A row about `web1`, the fixture minion.
    init(_ expression: String, _ type: TargetType, _ expected: Bool, delimiter: String = ":") {
        self.init(expression, type, "web1", expected, delimiter: delimiter)
    }

    /// A row about a minion with the fixture's grains and pillar under another id.
    init(_ expression: String, _ type: TargetType, _ id: String, _ expected: Bool, delimiter: String = ":") {
        self.expression = expression
        self.type = type
        self.minion = TargetingFixtures.minion(id)
        self.expected = expected
        self.delimiter = delimiter
    }

    init(_ expression: String, _ type: TargetType, minion: MinionFacts, _ expected: Bool) {
        self.expression = expression
        self.type = type
        self.minion = minion
        self.expected = expected
    }
}

/// One row of an error table: `expression` of `type` must be refused with exactly this message.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let expression: String
    let type: TargetType
    let message: String
    var delimiter = ":"

    var testDescription: String { "\(type.rawValue) '\(expression)'" }

    /// A compound expression's row.
    init(_ expression: String, _ message: String) {
        self.init(expression, .compound, message)
    }

    init(_ expression: String, _ type: TargetType, _ message: String, delimiter: String = ":") {
        self.expression = expression
        self.type = type
        self.message = message
        self.delimiter = delimiter
    }
}
