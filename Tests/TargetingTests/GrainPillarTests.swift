import MessagePack
import Targeting
import Testing

/// Grain and pillar matching. Every expectation here was checked against Salt 3008's
/// `subdict_match` on the same data.
@Suite struct GrainPillarTests {
    static let grainGlobs: [MatchCase] = [
        MatchCase("os:Debian", .grain, true),
        MatchCase("os:debian", .grain, true),
        MatchCase("os:DEB*", .grain, true),
        MatchCase("os:Ubuntu", .grain, false),
        MatchCase("os_family:Deb?an", .grain, true),
        MatchCase("osmajorrelease:12", .grain, true),
        MatchCase("osmajorrelease:1*", .grain, true),
        MatchCase("osmajorrelease:13", .grain, false),
        MatchCase("num_cpus:4", .grain, true),
        MatchCase("is_container:False", .grain, true),
        MatchCase("is_container:false", .grain, true),
        MatchCase("is_container:true", .grain, false),
        MatchCase("selinux:enabled:True", .grain, true),
        MatchCase("selinux:enforced:disabled", .grain, true),
        MatchCase("selinux:enabled", .grain, true),
        MatchCase("selinux:*", .grain, true),
        MatchCase("selinux:missing", .grain, false),
        MatchCase("roles:web", .grain, true),
        MatchCase("roles:db", .grain, true),
        MatchCase("roles:mail", .grain, false),
        MatchCase("roles:w*", .grain, true),
        MatchCase("roles:*", .grain, true),
        MatchCase("ip_interfaces:eth0:10.1.2.3", .grain, true),
        MatchCase("ip_interfaces:*:127.0.0.1", .grain, true),
        MatchCase("ip_interfaces:*:10.9.9.9", .grain, false),
        MatchCase("disks:name:sdb", .grain, true),
        MatchCase("disks:0:name:sda", .grain, true),
        MatchCase("disks:-1:size:200", .grain, true),
        MatchCase("disks:1:size:100", .grain, false),
        MatchCase("disks:5:name:sda", .grain, false),
        MatchCase("empty:*", .grain, false),
        MatchCase("nothing:None", .grain, true),
        MatchCase("mem_ratio:0.5", .grain, true),
        MatchCase("big:1e+16", .grain, true),
        MatchCase("tiny:1e-05", .grain, true),
        MatchCase("kernelrelease:6.1.0-18-amd64", .grain, true),
        MatchCase("missing:x", .grain, false),
        MatchCase("os:Debian:extra", .grain, false),
        MatchCase("*:debian", .grain, true),
        MatchCase("*:kvm", .grain, false),
        MatchCase("ports:80:http", .grain, true),
        MatchCase("ports:443:https", .grain, true),
        MatchCase("nested:c", .grain, true),
        MatchCase("nested:['a', 'b']", .grain, false),
        MatchCase("conf:key:a:b", .grain, true),
        MatchCase("conf:key:a*", .grain, true),
        MatchCase("selinux|enforced|Disabled", .grain, "web1", true, delimiter: "|"),
        MatchCase("conf|key|a:b", .grain, "web1", true, delimiter: "|"),
        MatchCase("conf|key|a", .grain, "web1", false, delimiter: "|"),
    ]

    static let grainRegexes: [MatchCase] = [
        MatchCase("os:deb.*", .grainPCRE, true),
        MatchCase("os:Deb(ian|Ubuntu)", .grainPCRE, true),
        MatchCase("os:ian", .grainPCRE, false),
        MatchCase("os_family:Deb?an", .grainPCRE, false),
        MatchCase("roles:^d", .grainPCRE, true),
        MatchCase("roles:*", .grainPCRE, false),
        MatchCase("osmajorrelease:1[0-9]", .grainPCRE, true),
        MatchCase("selinux:enforced:DIS", .grainPCRE, true),
        MatchCase(#"kernelrelease:6\.1\."#, .grainPCRE, true),
        MatchCase("big:1e+16", .grainPCRE, false),
    ]

    static let pillars: [MatchCase] = [
        MatchCase("role:web", .pillar, true),
        MatchCase("role:db", .pillar, false),
        MatchCase("users:alice:shell:/bin/*", .pillar, true),
        MatchCase("users:*:1000", .pillar, false),
        MatchCase("users:alice:uid:1000", .pillar, true),
        MatchCase("datacenter:paris-*", .pillar, true),
        MatchCase("users:alice:uid:10[0-9]+", .pillarPCRE, true),
        // Salt lowercases the regex too, turning `\D` (non-digit) into `\d`.
        MatchCase(#"datacenter:Paris-\D"#, .pillarPCRE, true),
        MatchCase("datacenter:paris-[0-9]", .pillarPCRE, true),
        MatchCase("role:web", .pillar, minion: MinionFacts(id: "web1"), false),
        MatchCase("role:*", .pillar, minion: MinionFacts(id: "web1", pillar: .nil), false),
    ]

    @Test(arguments: grainGlobs + grainRegexes + pillars)
    func matches(_ row: MatchCase) throws {
        let target = try Target(row.expression, type: row.type, delimiter: row.delimiter)
        #expect(target.matches(row.minion) == row.expected)
        #expect(!target.dependsOnlyOnID)
    }

    @Test func grainsNeverConsultPillarNorTheReverse() throws {
        let swapped = MinionFacts(id: "web1", grains: TargetingFixtures.pillar, pillar: TargetingFixtures.grains)
        #expect(!(try Target("os:Debian", type: .grain).matches(swapped)))
        #expect(try Target("os:Debian", type: .pillar).matches(swapped))
    }
}
