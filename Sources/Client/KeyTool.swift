public import BrineCore
public import SaltWire
import Targeting

/// What `brine-key` does, with `salt-key`'s words and order, so operators' habits and scripts carry over.
public struct KeyTool {
    let keys: KeyStore
    let config: MasterConfig
    let assumeYes: Bool

    public init(keys: KeyStore, config: MasterConfig, assumeYes: Bool) {
        self.keys = keys
        self.config = config
        self.assumeYes = assumeYes
    }

    /// `salt-key -L`'s order.
    static let listOrder: [KeyState] = [.accepted, .denied, .pending, .rejected]

    public func list() {
        for state in Self.listOrder {
            Console.out(state.heading + "\n")
            for id in keys.ids(state) { Console.out(id + "\n") }
        }
    }

    func matching(_ pattern: String, in states: [KeyState]) -> [(KeyState, [String])] {
        let target = try? Target(pattern, type: .glob)
        return states.map { state in
            (state, keys.ids(state).filter { target?.matches(MinionFacts(id: $0)) ?? ($0 == pattern) })
        }.filter { !$0.1.isEmpty }
    }

    /// Moves matching keys to `destination` after confirmation; exit code.
    public func change(_ pattern: String, from sources: [KeyState], to destination: KeyState) -> Int32 {
        let found = matching(pattern, in: sources)
        guard !found.isEmpty else {
            Console.error("The key glob '\(pattern)' does not match any \(sources.map(\.noun).joined(separator: " or ")) keys.\n")
            return 1
        }
        let verb = destination == .accepted ? "accepted" : "rejected"
        guard confirm("The following keys are going to be \(verb):", found, defaultYes: destination == .accepted) else { return 1 }
        var changed: [String] = []
        for (state, ids) in found {
            for id in ids {
                do {
                    if state == .accepted { FileSystem.remove(keys.path(id, destination)) }
                    try keys.move(id, from: state, to: destination)
                    changed.append(id)
                    Console.out("Key for minion \(id) \(verb).\n")
                    audit(destination == .accepted ? "accept" : "reject", id)
                } catch {
                    Console.error("could not change the key of \(id): \(error)\n")
                }
            }
        }
        if destination == .rejected {
            _ = LocalClient.notifyKeysChanged(config: config, removed: changed, rotate: config.rotateAESKey)
        }
        return changed.isEmpty ? 1 : 0
    }

    public func delete(_ pattern: String) -> Int32 {
        let found = matching(pattern, in: Self.listOrder)
        guard !found.isEmpty else {
            Console.error("The key glob '\(pattern)' does not match any keys.\n")
            return 1
        }
        guard confirm("The following keys are going to be deleted:", found, defaultYes: false) else { return 1 }
        let ids = found.flatMap(\.1)
        for id in Set(ids).sorted() where keys.delete(id) {
            Console.out("Key for minion \(id) deleted.\n")
            audit("delete", id)
        }
        _ = LocalClient.notifyKeysChanged(config: config, removed: ids, rotate: config.rotateAESKey)
        return 0
    }

    public func fingerprints(_ pattern: String) -> Int32 {
        let found = matching(pattern, in: Self.listOrder)
        let printedLocal = localFingerprints(pattern)
        guard !found.isEmpty || printedLocal else {
            Console.error("The key glob '\(pattern)' does not match any keys.\n")
            return 1
        }
        for (state, ids) in found {
            Console.out(state.heading + "\n")
            for id in ids {
                let key = (try? keys.storedPEM(id, state))?.flatMap { try? RSAPublicKey(pem: $0) }
                Console.out("\(id):  \(key?.fingerprint() ?? "(unreadable key)")\n")
            }
        }
        return 0
    }

    private func confirm(_ title: String, _ found: [(KeyState, [String])], defaultYes: Bool) -> Bool {
        Console.out(title + "\n")
        for (state, ids) in found {
            Console.out(state.heading + "\n")
            for id in ids { Console.out(id + "\n") }
        }
        if assumeYes { return true }
        Console.out(defaultYes ? "Proceed? [n/Y] " : "Proceed? [N/y] ")
        guard let answer = readLine()?.lowercased() else { return false }
        return answer.isEmpty ? defaultYes : answer.hasPrefix("y")
    }
}

extension KeyState {
    var noun: String {
        switch self {
        case .accepted: return "accepted"
        case .pending: return "unaccepted"
        case .rejected: return "rejected"
        case .denied: return "denied"
        }
    }
}
