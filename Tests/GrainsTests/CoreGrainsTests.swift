import BrineCore
import MessagePack
@testable import Minion
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Core grains on the host running the tests: every grain Salt users rely on is there with Salt's
/// value type, and the ones with a source of truth agree with it (uname, os-release, the process).
final class CoreGrainsTests: XCTestCase {
    private static let grains: MessagePackValue = {
        let config = try! MinionConfig(options: ["master": "salt.example"], configDir: "/nonexistent")
        return CoreGrains.collect(id: "grains-test", config: config)
    }()

    private var grains: MessagePackValue { Self.grains }

    func testGrainsHaveSaltsTypes() {
        let texts = [
            "id", "host", "fqdn", "domain", "nodename", "localhost", "os", "os_family", "osrelease", "oscodename",
            "osfullname", "osarch", "kernel", "kernelrelease", "kernelversion", "cpuarch", "cpu_model", "virtual", "init",
            "shell", "path", "username", "groupname", "master", "saltversion",
        ]
        for name in texts { XCTAssertNotNil(grains[name]?.stringValue, "\(name) should be text: \(String(describing: grains[name]))") }
        for name in ["num_cpus", "mem_total", "swap_total", "pid", "uid", "gid", "server_id"] {
            XCTAssertNotNil(grains[name]?.intValue, "\(name) should be an integer")
        }
        for name in ["cpu_flags", "ipv4", "ipv6", "fqdn_ip4", "fqdn_ip6", "fqdns", "systempath", "saltversioninfo"] {
            XCTAssertNotNil(grains[name]?.arrayValue, "\(name) should be a list")
        }
        for name in ["ip4_interfaces", "ip6_interfaces", "ip_interfaces", "hwaddr_interfaces", "locale_info"] {
            XCTAssertNotNil(grains[name]?.mapValue, "\(name) should be a dict")
        }
        for name in ["defaultlanguage", "defaultencoding", "detectedencoding", "timezone"] {
            XCTAssertNotNil(grains["locale_info"]?[name]?.stringValue, "locale_info:\(name)")
        }
        XCTAssertEqual(grains["id"], "grains-test")
        XCTAssertEqual(grains["master"], "salt.example")
        XCTAssertGreaterThan(grains["num_cpus"]?.intValue ?? 0, 0)
        XCTAssertGreaterThan(grains["mem_total"]?.intValue ?? 0, 0)
        let names = (grains.mapValue ?? []).compactMap(\.key.stringValue)
        XCTAssertEqual(names, names.sorted())
    }

    func testKernelGrainsAreUnames() {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        XCTAssertEqual(grains["kernel"]?.stringValue, field(names.sysname))
        XCTAssertEqual(grains["nodename"]?.stringValue, field(names.nodename))
        XCTAssertEqual(grains["kernelrelease"]?.stringValue, field(names.release))
        XCTAssertEqual(grains["kernelversion"]?.stringValue, field(names.version))
        XCTAssertEqual(grains["cpuarch"]?.stringValue, field(names.machine))
    }

    func testOSGrainsFollowOSRelease() throws {
        let text = try FileSystem.readString(FileSystem.exists("/etc/os-release") ? "/etc/os-release" : "/usr/lib/os-release")
        let release = OSRelease.fields(text)
        XCTAssertEqual(grains["osfullname"]?.stringValue, release["NAME"])
        guard !FileSystem.exists("/etc/lsb-release"), let version = release["VERSION_ID"] else { return }
        XCTAssertEqual(grains["osrelease"]?.stringValue, version)
        if let major = version.split(separator: ".").first.flatMap({ Int($0) }) {
            XCTAssertEqual(grains["osmajorrelease"]?.intValue, major)
            XCTAssertEqual(grains["osrelease_info"]?.arrayValue?.first, .int(Int64(major)))
        }
    }

    func testProcessGrainsDescribeThisProcess() {
        XCTAssertEqual(grains["pid"]?.intValue, Int(getpid()))
        XCTAssertEqual(grains["uid"]?.intValue, Int(geteuid()))
        XCTAssertEqual(grains["gid"]?.intValue, Int(getegid()))
        XCTAssertEqual(grains["username"]?.stringValue, getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) })
        XCTAssertEqual(grains["systempath"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ":"), grains["path"]?.stringValue)
    }

    func testAddressesAreSortedAndBelongToInterfaces() {
        let ipv4 = grains["ipv4"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let perInterface = Set((grains["ip4_interfaces"]?.mapValue ?? []).flatMap { $0.value.arrayValue ?? [] }.compactMap(\.stringValue))
        XCTAssertEqual(Set(ipv4), perInterface)
        let numeric = ipv4.map { $0.split(separator: ".").compactMap { UInt8($0) } }
        XCTAssertEqual(numeric, numeric.sorted { $0.lexicographicallyPrecedes($1) })
        for pair in grains["hwaddr_interfaces"]?.mapValue ?? [] {
            XCTAssertEqual(pair.value.stringValue?.split(separator: ":").allSatisfy { $0.count == 2 }, true, "\(pair)")
        }
        if let loopback = grains["ip4_interfaces"]?["lo"] { XCTAssertEqual(loopback, ["127.0.0.1"]) }
    }

    func testServerIDIsSaltsHashOfTheID() {
        // What salt-call reports for id `grtest`.
        XCTAssertEqual(CoreGrains.serverID("grtest"), 436_712_020)
    }

    func testCPUInfo() {
        let x86 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: fpu vme sse2\n\nprocessor\t: 1\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: fpu vme sse2\n"
        XCTAssertEqual(grainMap(CPUInfo.grains(x86)), ["num_cpus": 2, "cpu_model": "AMD EPYC", "cpu_flags": ["fpu", "vme", "sse2"]])
        let arm = "Processor\t: ARMv6-compatible processor rev 7 (v6l)\nFeatures\t: swp half thumb\nHardware\t: BCM2708\n"
        XCTAssertEqual(grainMap(CPUInfo.grains(arm)), ["num_cpus": 1, "cpu_model": "ARMv6", "cpu_flags": ["swp", "half", "thumb"]])
        XCTAssertEqual(grainMap(CPUInfo.grains("")), ["num_cpus": 0, "cpu_model": "Unknown", "cpu_flags": []])
    }

    func testMemoryIsInMebibytesRoundedDown() {
        let meminfo = "MemTotal:       24683520 kB\nMemFree:         1000 kB\nSwapTotal:        2097148 kB\n"
        XCTAssertEqual(grainMap(Hardware.memoryGrains(meminfo)), ["mem_total": 24105, "swap_total": 2047])
    }

    func testLocaleNamesAsSaltsPythonReportsThem() {
        XCTAssertTrue(ProcessGrains.languageAndEncoding("C.UTF-8") == ("en_US", "UTF-8"))
        XCTAssertTrue(ProcessGrains.languageAndEncoding("POSIX") == ("en_US", "UTF-8"))
        XCTAssertTrue(ProcessGrains.languageAndEncoding("de_DE.utf8@euro") == ("de_DE", "UTF-8"))
        XCTAssertTrue(ProcessGrains.languageAndEncoding("fr_FR") == ("fr_FR", "ISO8859-1"))
    }

    func testDebianArchitectures() {
        XCTAssertEqual(OSRelease.debianArchitecture("x86_64"), "amd64")
        XCTAssertEqual(OSRelease.debianArchitecture("aarch64"), "arm64")
        XCTAssertEqual(OSRelease.debianArchitecture("armv7l"), "armhf")
        XCTAssertEqual(OSRelease.debianArchitecture("s390x"), "s390x")
    }

    private func grainMap(_ grains: [(String, MessagePackValue)]) -> MessagePackValue {
        .map(grains.map { MessagePackPair(.text($0.0), $0.1) })
    }
}
