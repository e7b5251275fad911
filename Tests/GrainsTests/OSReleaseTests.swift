import MessagePack
@testable import Minion
import XCTest

/// The `os*` grains for distributions' real os-release files. The expected values are what Salt
/// 3008.5's own code derives from the same files (run once through its grains module, offline).
final class OSReleaseTests: XCTestCase {
    private func grains(_ osRelease: String, lsb: String = "", cpuarch: String = "x86_64") -> [String: MessagePackValue] {
        Dictionary(OSRelease.grains(osRelease: osRelease, lsbRelease: lsb, cpuarch: cpuarch), uniquingKeysWith: { $1 })
    }

    func testDebian() {
        let debian = grains("""
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            """)
        XCTAssertEqual(debian["os"], "Debian")
        XCTAssertEqual(debian["os_family"], "Debian")
        XCTAssertEqual(debian["osfullname"], "Debian GNU/Linux")
        XCTAssertEqual(debian["osrelease"], "12")
        XCTAssertEqual(debian["osrelease_info"], [12])
        XCTAssertEqual(debian["osmajorrelease"], 12)
        XCTAssertEqual(debian["oscodename"], "bookworm")
        XCTAssertEqual(debian["osfinger"], "Debian-12")
        XCTAssertEqual(debian["osarch"], "amd64")
        XCTAssertEqual(debian["lsb_distrib_id"], "Debian GNU/Linux")
        XCTAssertEqual(debian["lsb_distrib_release"], "12")
        XCTAssertEqual(debian["lsb_distrib_codename"], "bookworm")
    }

    func testUbuntuPrefersLSBRelease() {
        let ubuntu = grains(
            """
            PRETTY_NAME="Ubuntu 22.04.3 LTS"
            NAME="Ubuntu"
            VERSION_ID="22.04"
            VERSION="22.04.3 LTS (Jammy Jellyfish)"
            VERSION_CODENAME=jammy
            ID=ubuntu
            ID_LIKE=debian
            """,
            lsb: "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\nDISTRIB_DESCRIPTION=\"Ubuntu 22.04.3 LTS\"\n",
            cpuarch: "aarch64")
        XCTAssertEqual(ubuntu["os"], "Ubuntu")
        XCTAssertEqual(ubuntu["os_family"], "Debian")
        XCTAssertEqual(ubuntu["osrelease_info"], [22, 4])
        XCTAssertEqual(ubuntu["osfinger"], "Ubuntu-22.04")
        XCTAssertEqual(ubuntu["osarch"], "arm64")
        XCTAssertEqual(ubuntu["lsb_distrib_description"], "Ubuntu 22.04.3 LTS")
    }

    func testRedHatFamily() {
        let rhel = grains("""
            NAME="Red Hat Enterprise Linux"
            VERSION="9.3 (Plow)"
            ID="rhel"
            ID_LIKE="fedora"
            VERSION_ID="9.3"
            PRETTY_NAME="Red Hat Enterprise Linux 9.3 (Plow)"
            """)
        XCTAssertEqual(rhel["os"], "RedHat")
        XCTAssertEqual(rhel["os_family"], "RedHat")
        XCTAssertEqual(rhel["oscodename"], "Plow")
        XCTAssertEqual(rhel["lsb_distrib_codename"], "Red Hat Enterprise Linux 9.3 (Plow)")
        XCTAssertEqual(rhel["osfinger"], "Red Hat Enterprise Linux-9")
        XCTAssertEqual(rhel["osarch"], "x86_64")
        let rocky = grains("""
            NAME="Rocky Linux"
            VERSION="9.3 (Blue Onyx)"
            ID="rocky"
            VERSION_ID="9.3"
            PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
            """)
        XCTAssertEqual(rocky["os"], "Rocky")
        XCTAssertEqual(rocky["os_family"], "RedHat")
        XCTAssertEqual(rocky["oscodename"], "Blue Onyx")
        XCTAssertEqual(rocky["lsb_distrib_codename"], "Blue Onyx")
        let fedora = grains("NAME=\"Fedora Linux\"\nVERSION=\"39 (Server Edition)\"\nID=fedora\nVERSION_ID=39\nVERSION_CODENAME=\"\"\n")
        XCTAssertEqual(fedora["os"], "Fedora")
        XCTAssertEqual(fedora["os_family"], "RedHat")
        XCTAssertEqual(fedora["oscodename"], "")
        XCTAssertEqual(fedora["osfinger"], "Fedora Linux-39")
    }

    func testSUSEAndRollingReleases() {
        let leap = grains("""
            NAME="openSUSE Leap"
            VERSION="15.5"
            ID="opensuse-leap"
            VERSION_ID="15.5"
            PRETTY_NAME="openSUSE Leap 15.5"
            CPE_NAME="cpe:/o:opensuse:leap:15.5"
            """)
        XCTAssertEqual(leap["os"], "SUSE")
        XCTAssertEqual(leap["os_family"], "Suse")
        XCTAssertEqual(leap["osfullname"], "Leap")
        XCTAssertEqual(leap["oscodename"], "openSUSE Leap 15.5")
        XCTAssertEqual(leap["osfinger"], "Leap-15")
        let arch = grains("NAME=\"Arch Linux\"\nPRETTY_NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n")
        XCTAssertEqual(arch["os"], "Arch")
        XCTAssertEqual(arch["osrelease"], "")
        XCTAssertEqual(arch["oscodename"], "Arch Linux")
        XCTAssertNil(arch["osmajorrelease"])
        XCTAssertNil(arch["lsb_distrib_release"])
        let mint = grains("NAME=\"Linux Mint\"\nID=linuxmint\nVERSION_ID=\"21.2\"\nVERSION_CODENAME=victoria\n")
        XCTAssertEqual(mint["os"], "Mint")
        XCTAssertEqual(mint["os_family"], "Debian")
        XCTAssertEqual(mint["osfinger"], "Linux Mint-21")
    }

    func testFieldsUnquoteAndUnescape() {
        let fields = OSRelease.fields("NAME='Spaced Out'\nPRETTY_NAME=\"A \\\"quoted\\\" \\$name\"\n# COMMENT=1\nbad line\n")
        XCTAssertEqual(fields["NAME"], "Spaced Out")
        XCTAssertEqual(fields["PRETTY_NAME"], "A \"quoted\" $name")
        XCTAssertEqual(fields["ID"], "linux")
        XCTAssertNil(fields["# COMMENT"])
    }
}
