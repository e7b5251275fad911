import BrineTesting
import PythonRules
import Testing

/// The one address and network type against Python's `ipaddress` (Fixtures/ipaddress.json).
@Suite struct IPAddressTests {
    @Test func addressesReadAndPrintLikePython() throws {
        for entry in try PythonVectors.ipCases().address {
            let address = IPAddress(entry.text)
            #expect(address?.description == entry.str, "ip_address(\(entry.text.debugDescription))")
            guard let address else { continue }
            #expect((address.isIPv4 ? 4 : 6) == entry.version, "\(entry.text)")
            #expect(address.isPrivate == entry.private, "is_private(\(entry.text))")
            #expect(address.isLoopback == entry.loopback, "is_loopback(\(entry.text))")
        }
    }

    @Test func networksReadStrictlyOrLooselyLikePython() throws {
        for entry in try PythonVectors.ipCases().network {
            #expect((try? IPNetwork(entry.text, strict: true))?.description == entry.strict, "ip_network(\(entry.text), strict=True)")
            #expect((try? IPNetwork(entry.text, strict: false))?.description == entry.loose, "ip_network(\(entry.text), strict=False)")
        }
    }

    @Test func membershipLikePython() throws {
        for entry in try PythonVectors.ipCases().contains {
            let network = try IPNetwork(entry.network, strict: false)
            let address = try #require(IPAddress(entry.address))
            #expect(network.contains(address) == entry.contains, "\(entry.address) in \(entry.network)")
        }
    }

    /// The case the two former types disagreed on: host bits in a CIDR. Salt reads `ipcidr` targets
    /// and `network.ip_addrs cidr=` strictly, so it is no network there; read loosely it is the /8.
    @Test func hostBitsSetIsNoStrictNetwork() throws {
        #expect {
            try IPNetwork("10.1.2.3/8", strict: true)
        } throws: { error in
            "\(error)" == "it has host bits set"
        }
        let loose = try IPNetwork("10.1.2.3/8", strict: false)
        #expect(loose.description == "10.0.0.0/8")
        #expect(loose.contains(try #require(IPAddress("10.200.0.1"))))
    }

    @Test func reasonsNameTheFaultyPart() {
        let reasons = ["10.1.2.0/33", "2001:db8::/ab", "banana", "10.0.0.0/8/8"].map { text in
            do {
                _ = try IPNetwork(text, strict: true)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(reasons == [
            "'33' is not a prefix length from 0 to 32 or a netmask", "'ab' is not a prefix length from 0 to 128",
            "'banana' is not an IPv4 address", "only one '/' is allowed",
        ])
    }
}
