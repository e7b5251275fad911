import MessagePack
import PythonRules

/// An `ipcidr` target, tested against the minion's `ipv4` or `ipv6` grain (whichever is the
/// target's family) as Salt's matcher tests it: an address must appear in the grain as Python
/// writes it, and a network, read strictly (host bits set is an error), must hold one of the
/// grain's addresses.
enum IPCIDRTarget: Sendable {
    case address(IPAddress)
    case network(IPNetwork)

    init(_ text: String) throws(TargetingError) {
        if let address = IPAddress(text) {
            self = .address(address)
            return
        }
        do {
            self = .network(try IPNetwork(text, strict: true))
        } catch {
            throw .invalidAddress(text, reason: error.description)
        }
    }

    func matches(grains: MessagePackValue) -> Bool {
        let isIPv4 = switch self {
        case .address(let address): address.isIPv4
        case .network(let network): network.address.isIPv4
        }
        guard let entries = grains[isIPv4 ? "ipv4" : "ipv6"] else { return false }
        let texts = (entries.arrayValue ?? [entries]).compactMap(\.stringValue)
        switch self {
        case .address(let address):
            return texts.contains(address.description)
        case .network(let network):
            return texts.contains { IPAddress($0).map(network.contains) ?? false }
        }
    }
}
