import BrineCore
import MessagePack
@testable import Minion
import PythonRules
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class StatusModuleTests: XCTestCase {
    func testUptimeAndLoad() {
        let uptime = value("status.uptime")
        XCTAssertGreaterThan(uptime["seconds"]?.intValue ?? 0, 0)
        for key in ["days", "since_t", "users"] { XCTAssertNotNil(uptime[key]?.intValue, key) }
        XCTAssertTrue(uptime["since_iso"]?.stringValue?.contains("T") ?? false)
        XCTAssertEqual(uptime["time"]?.stringValue?.split(separator: ":").count, 2)
        let load = value("status.loadavg")
        for key in ["1-min", "5-min", "15-min"] { XCTAssertNotNil(load[key]?.doubleValue, key) }
    }

    func testProcFiles() {
        XCTAssertNotNil(value("status.meminfo")["MemTotal"]?["value"]?.stringValue)
        XCTAssertEqual(value("status.meminfo")["MemTotal"]?["unit"], "kB")
        XCTAssertNotNil(value("status.cpuinfo")["flags"]?.arrayValue)
        XCTAssertNotNil(value("status.cpustats")["cpu"]?["user"]?.intValue)
        XCTAssertNotNil(value("status.cpustats")["intr"]?["irqs"]?.arrayValue)
        XCTAssertEqual(value("status.netdev")["lo"]?["iface"], "lo")
        XCTAssertNotNil(value("status.vmstats")["nr_free_pages"]?.intValue)
        let procs = value("status.procs")
        XCTAssertEqual(procs[String(getpid())]?["user"], .text(Accounts.userName(uid: Int(geteuid())) ?? ""))
        XCTAssertFalse(procs[String(getpid())]?["cmd"]?.stringValue?.isEmpty ?? true)
        let usage = value("status.diskusage", "/")
        XCTAssertGreaterThan(usage["/"]?["total"]?.intValue ?? 0, 0)
        XCTAssertNotNil(value("status.diskusage")["/"], "every filesystem when no argument is given")
        let all = value("status.all_status")
        for key in ["cpuinfo", "cpustats", "diskstats", "diskusage", "loadavg", "meminfo", "netdev", "netstats", "uptime", "vmstats", "w"] {
            XCTAssertNotNil(all[key], key)
        }
    }

    func testWho() throws {
        try XCTSkipIf(ProcessRunner.which("w") == nil, "no w here")
        XCTAssertNotNil(value("status.w").arrayValue)
    }

    func testParsers() {
        XCTAssertEqual(StatusModule.meminfo("MemTotal:       16 kB\nHugePages_Total:       0\n"),
                       ["MemTotal": ["value": "16", "unit": "kB"], "HugePages_Total": ["value": "0"]])
        XCTAssertEqual(StatusModule.netstats("TcpExt: SyncookiesSent Other\nTcpExt: 0 1.5\nIpExt: A\nIpExt: x\n"),
                       ["TcpExt": ["SyncookiesSent": 0, "Other": 1.5], "IpExt": ["A": "x"]])
        XCTAssertEqual(StatusModule.whoLines("root pts/0 10:00 1:00 0.10s 0.01s -bash -l\n"),
                       [["idle": "1:00", "jcpu": "0.10s", "login": "10:00", "pcpu": "0.01s", "tty": "pts/0", "user": "root", "what": "-bash -l"]])
        XCTAssertEqual(StatusModule.isoformat(0.5), "1970-01-01T00:00:00.500000")
        XCTAssertEqual(StatusModule.isoformat(86_400), "1970-01-02T00:00:00")
    }
}

final class DiskModuleTests: XCTestCase {
    /// The numbers `df` prints for one mount point.
    private func df(_ flags: String, _ path: String) throws -> [String] {
        let output = try ProcessRunner.run(["/bin/df", flags, path]).stdout
        return output.split(separator: "\n").last?.split(separator: " ").map(String.init) ?? []
    }

    func testUsageMatchesDf() throws {
        let root = try XCTUnwrap(value("disk.usage")["/"])
        let columns = try df("-P", "/")
        XCTAssertEqual(root["filesystem"], .text(columns[0]))
        XCTAssertEqual(root["1K-blocks"], .text(columns[1]))
        XCTAssertNotNil(root["used"]?.stringValue.flatMap { Int($0) })
        XCTAssertTrue(root["capacity"]?.stringValue?.hasSuffix("%") ?? false)
        XCTAssertNil(value("disk.usage")["/proc"], "empty filesystems are left out, as df leaves them out")
        XCTAssertNotNil(value("disk.usage", kwargs: ["args": "a"])["/proc"])
        XCTAssertEqual(call("disk.usage", kwargs: ["args": "q"]).value, "ERROR: Invalid flag passed to disk.usage")
    }

    func testInodeUsageMatchesDf() throws {
        let root = try XCTUnwrap(value("disk.inodeusage")["/"])
        let columns = try df("-iP", "/")
        XCTAssertEqual(root["inodes"], .text(columns[1]))
        XCTAssertEqual(root["filesystem"], .text(columns[0]))
        XCTAssertTrue(root["use"]?.stringValue?.hasSuffix("%") ?? false)
    }

    func testMountFieldsAreUnescaped() {
        XCTAssertEqual(MountTable.unescape("/mnt/my\\040disk"), "/mnt/my disk")
    }
}

final class NetworkModuleTests: XCTestCase {
    func testInterfaces() throws {
        let loopback = try XCTUnwrap(value("network.interfaces")["lo"])
        XCTAssertEqual(loopback["up"], true)
        XCTAssertEqual(loopback["hwaddr"], "00:00:00:00:00:00")
        let inet = try XCTUnwrap(loopback["inet"]?.arrayValue?.first)
        XCTAssertEqual(inet, ["address": "127.0.0.1", "netmask": "255.0.0.0", "broadcast": .nil, "label": "lo"])
        if let inet6 = loopback["inet6"]?.arrayValue?.first {
            XCTAssertEqual(inet6, ["address": "::1", "prefixlen": "128", "scope": "host"])
        }
        XCTAssertEqual(value("network.hw_addr", "lo"), "00:00:00:00:00:00")
        let unknown = call("network.hw_addr", "nosuch0")
        XCTAssertEqual(unknown.retcode, 1)
        XCTAssertTrue(unknown.value.stringValue?.hasPrefix("ERROR: Interface \"nosuch0\" not in available interfaces: ") ?? false)
    }

    func testAddresses() {
        let all = (value("network.ip_addrs", kwargs: ["include_loopback": true]).arrayValue ?? []).compactMap(\.stringValue)
        XCTAssertTrue(all.contains("127.0.0.1"))
        XCTAssertFalse((value("network.ip_addrs").arrayValue ?? []).contains("127.0.0.1"))
        XCTAssertEqual(value("network.ip_addrs", kwargs: ["include_loopback": true, "cidr": "127.0.0.0/8"]), ["127.0.0.1"])
        XCTAssertEqual(value("network.ip_addrs", kwargs: ["interface": "lo", "include_loopback": true]), ["127.0.0.1"])
        XCTAssertEqual(value("network.ip_addrs", kwargs: ["include_loopback": true, "type": "public"]).arrayValue?.contains("127.0.0.1"), false)
        XCTAssertEqual(call("network.ip_addrs", kwargs: ["cidr": "bogus"]).retcode, 1)
        XCTAssertNotNil(value("network.ip_addrs6").arrayValue)
        // Salt reads `cidr` strictly: with host bits set it is no network.
        XCTAssertEqual(call("network.ip_addrs", kwargs: ["include_loopback": true, "cidr": "127.0.0.1/8"]).retcode, 1)
        XCTAssertEqual(IPAddress("fe80::1")?.scope, "link")
        // `ip` and `netstat` print an IPv4-mapped address with its dotted tail; Python's `str` would not.
        XCTAssertEqual(IPAddress("::ffff:10.0.0.5")?.systemText, "::ffff:10.0.0.5")
        XCTAssertEqual(IPAddress("::ffff:10.0.0.5")?.description, "::ffff:a00:5")
    }

    func testSocketsAndRoutes() {
        let sockets = value("network.netstat").arrayValue ?? []
        for socket in sockets {
            XCTAssertTrue(["tcp", "tcp6", "udp", "udp6"].contains(socket["proto"]?.stringValue ?? ""))
            XCTAssertNotNil(socket["local-address"]?.stringValue)
            XCTAssertEqual(socket["state"] != nil, socket["proto"]?.stringValue?.hasPrefix("tcp"))
        }
        XCTAssertEqual(NetworkModule.socketAddress("0100007F:0277"), "127.0.0.1:631")
        XCTAssertEqual(NetworkModule.socketAddress("00000000000000000000000001000000:0016"), "::1:22")
        XCTAssertEqual(NetworkModule.socketAddress("00000000:0000"), "0.0.0.0:*")
        XCTAssertEqual(NetworkModule.routeFlags(0x3), "UG")
        for route in value("network.default_route").arrayValue ?? [] {
            XCTAssertTrue(["0.0.0.0", "::/0"].contains(route["destination"]?.stringValue ?? ""))
        }
        for route in value("network.routes", "inet").arrayValue ?? [] { XCTAssertEqual(route["addr_family"], "inet") }
        XCTAssertEqual(call("network.default_route", "ipx").value, "ERROR: Invalid address family ipx")
    }

    func testPingWithoutPing() throws {
        try XCTSkipIf(ProcessRunner.which("ping") != nil, "ping is installed (and four pings take three seconds)")
        let outcome = call("network.ping", "127.0.0.1", kwargs: ["timeout": 1, "return_boolean": true])
        XCTAssertEqual(outcome.retcode, 1)
        XCTAssertEqual(outcome.value, "ERROR: network.ping needs the 'ping' command (Debian package iputils-ping), which is not installed")
    }
}
