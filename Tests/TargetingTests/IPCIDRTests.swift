import MessagePack
import Targeting
import Testing

/// `ipcidr` against the fixture's `ipv4` (127.0.0.1, 10.1.2.3) and `ipv6` (::1, 2001:db8::17,
/// fe80::1%eth0) grains.
@Suite struct IPCIDRTests {
    static let rows: [MatchCase] = [
        MatchCase("10.1.2.0/24", .ipcidr, true),
        MatchCase("10.1.2.3", .ipcidr, true),
        MatchCase("10.1.2.4", .ipcidr, false),
        MatchCase("10.1.0.0/16", .ipcidr, true),
        MatchCase("10.2.0.0/16", .ipcidr, false),
        MatchCase("10.1.2.3/32", .ipcidr, true),
        MatchCase("0.0.0.0/0", .ipcidr, true),
        MatchCase("10.0.0.0/255.0.0.0", .ipcidr, true),
        MatchCase("10.1.2.0/0.0.0.255", .ipcidr, true),
        MatchCase("192.168.0.0/255.255.0.0", .ipcidr, false),
        MatchCase("2001:db8::/32", .ipcidr, true),
        MatchCase("2001:db8::17", .ipcidr, true),
        MatchCase("2001:db8:0:0:0:0:0:17", .ipcidr, true),
        MatchCase("2001:db9::/32", .ipcidr, false),
        MatchCase("2001:db8::16/127", .ipcidr, true),
        MatchCase("fe80::/10", .ipcidr, true),
        MatchCase("::1/128", .ipcidr, true),
        MatchCase("::/0", .ipcidr, true),
        MatchCase("::ffff:10.1.2.3", .ipcidr, false),
        MatchCase("10.1.2.0/24", .ipcidr, minion: MinionFacts(id: "bare"), false),
        MatchCase("::/0", .ipcidr, minion: MinionFacts(id: "v4only", grains: ["ipv4": ["10.0.0.1"]]), false),
        MatchCase("10.0.0.0/8", .ipcidr, minion: MinionFacts(id: "odd", grains: ["ipv4": ["junk", "10.0.0.1"]]), true),
    ]

    @Test(arguments: rows)
    func matches(_ row: MatchCase) throws {
        let target = try Target(row.expression, type: row.type)
        #expect(target.matches(row.minion) == row.expected)
        #expect(!target.dependsOnlyOnID)
    }

    static let invalid: [ErrorCase] = [
        ("10.1.2.3/8", "it has host bits set"),
        ("10.1.2.0/33", "'33' is not a prefix length from 0 to 32 or a netmask"),
        ("10.0.0.0/255.0.255.0", "'255.0.255.0' is not a prefix length from 0 to 32 or a netmask"),
        ("banana", "'banana' is not an IPv4 address"),
        ("", "'' is not an IPv4 address"),
        ("010.1.2.3", "'010.1.2.3' is not an IPv4 address"),
        ("2001:db8::/ab", "'ab' is not a prefix length from 0 to 128"),
        ("2001:db8::/255.0.0.0", "'255.0.0.0' is not a prefix length from 0 to 128"),
        ("2001:zz8::/32", "'2001:zz8::' is not an IPv6 address"),
    ].map { expression, reason in
        ErrorCase(expression, .ipcidr, "invalid IP address or CIDR network '\(expression)': \(reason)")
    }

    @Test(arguments: invalid)
    func rejects(_ row: ErrorCase) {
        #expect {
            _ = try Target(row.expression, type: row.type)
        } throws: { error in
            "\(error)" == row.message
        }
    }
}
