public import BrineCore
public import MessagePack
public import SaltWire

/// What `brine-key` does, with `salt-key`'s words, order, output shapes and exit status (0 unless the
/// command line is wrong), so operators' habits and scripts carry over.
public struct KeyTool {
    let keys: KeyStore
    let config: MasterConfig
    let printer: KeyPrinter
    let assumeYes: Bool
    let rotateAESKey: Bool

    public init(keys: KeyStore, config: MasterConfig, printer: KeyPrinter, assumeYes: Bool, rotateAESKey: Bool) {
        self.keys = keys
        self.config = config
        self.printer = printer
        self.assumeYes = assumeYes
        self.rotateAESKey = rotateAESKey
    }

    public func run(_ command: KeyCommand) -> Int32 {
        switch command {
        case .list(let argument):
            printer.show(KeyListing.value(listing().status(argument)))
        case .accept(let match, let includeRejected, let includeDenied):
            var from = ["minions_pre"]
            if includeRejected { from.append("minions_rejected") }
            if includeDenied { from.append("minions_denied") }
            change(match, from: from, to: .accepted, statuses: ["unaccepted"] + (includeRejected ? ["rejected"] : []) + (includeDenied ? ["denied"] : []))
        case .reject(let match, let includeAccepted, let includeDenied):
            var from = ["minions_pre"]
            if includeAccepted { from.append("minions") }
            if includeDenied { from.append("minions_denied") }
            change(match, from: from, to: .rejected, statuses: ["unaccepted"] + (includeAccepted ? ["accepted"] : []) + (includeDenied ? ["denied"] : []))
        case .delete(let match):
            delete(match)
        case .finger(let match):
            printer.show(.map(listing().match(match, full: true).map { state in
                MessagePackPair(.text(state.name), .map(state.ids.map { MessagePackPair(.text($0), .text(fingerprint($0, state: state.name))) }))
            }))
        case .print(let match):
            printer.show(.map(listing().match(match, full: false).map { state in
                // The file's text as it is, as salt-key prints it.
                MessagePackPair(.text(state.name), .map(state.ids.map { id in
                    let path = keys.path(id, KeyState(rawValue: state.name) ?? .pending)
                    return MessagePackPair(.text(id), (try? FileSystem.readString(path)).map { .text($0) } ?? .nil)
                }))
            }))
        case .generate:
            break
        }
        return 0
    }

    /// The pki dir now.
    func listing() -> KeyListing {
        var byState: [String: [String]] = [:]
        for state in KeyState.allCases { byState[state.rawValue] = keys.ids(state) }
        let local = FileSystem.list(keys.pkiDir).filter { $0.hasSuffix(".pem") || $0.hasSuffix(".pub") }
        return KeyListing(idsByState: byState, localKeys: local)
    }

    /// The fingerprint `brine-key -f` prints: the one a minion's `master_finger` check uses (see README).
    private func fingerprint(_ id: String, state: String) -> String {
        guard let keyState = KeyState(rawValue: state) else {
            let bytes = (try? FileSystem.read(keys.pkiDir + "/" + id)) ?? []
            return RSAPublicKey.fingerprint(pemFileContents: bytes)
        }
        let key = (try? keys.storedPEM(id, keyState))?.flatMap { try? RSAPublicKey(pem: $0) }
        return key?.fingerprint() ?? "(unreadable key)"
    }

    /// Accept or reject: the matching keys in the states `from` move to `destination` once confirmed.
    private func change(_ match: String, from: [String], to destination: KeyState, statuses: [String]) {
        let found = listing().match(match, full: false).filter { from.contains($0.name) }
            .sorted { from.firstIndex(of: $0.name)! < from.firstIndex(of: $1.name)! }
        guard !found.isEmpty else {
            Console.out("The key glob '\(match)' does not match any \(Self.joined(statuses)) keys.\n")
            return
        }
        let verb = destination == .accepted ? "accepted" : "rejected"
        Console.out("The following keys are going to be \(verb):\n")
        printer.show(KeyListing.value(found))
        guard confirm(defaultYes: true) else { return }
        var changed: [String] = []
        for (state, ids) in found {
            for id in ids {
                do {
                    guard let source = KeyState(rawValue: state) else { continue }
                    if source == .accepted { FileSystem.remove(keys.path(id, destination)) }
                    try keys.move(id, from: source, to: destination)
                    changed.append(id)
                } catch {
                    Console.error("Unable to \(destination == .accepted ? "accept" : "reject") the key of \(id): \(error)\n")
                }
            }
        }
        for id in changed {
            Console.out("Key for minion \(id) \(verb).\n")
            audit(destination == .accepted ? "accept" : "reject", id)
        }
        if destination == .rejected {
            _ = LocalClient.notifyKeysChanged(config: config, removed: changed, rotate: rotateAESKey)
        }
    }

    private func delete(_ match: String) {
        let found = listing().match(match, full: false)
        guard !found.isEmpty else {
            Console.out("The key glob '\(match)' does not match any unaccepted keys.\n")
            return
        }
        Console.out("The following keys are going to be deleted:\n")
        printer.show(KeyListing.value(found))
        guard confirm(defaultYes: false) else { return }
        let ids = found.flatMap(\.ids)
        for id in Set(ids) { keys.delete(id) }
        for id in ids {
            Console.out("Key for minion \(id) deleted.\n")
            audit("delete", id)
        }
        _ = LocalClient.notifyKeysChanged(config: config, removed: ids, rotate: rotateAESKey)
    }

    /// `unaccepted`, `unaccepted or rejected`, `unaccepted, accepted or denied`.
    static func joined(_ statuses: [String]) -> String {
        guard statuses.count > 1 else { return statuses.first ?? "" }
        return statuses.dropLast().joined(separator: ", ") + " or " + statuses.last!
    }

    private func confirm(defaultYes: Bool) -> Bool {
        if assumeYes { return true }
        Console.out(defaultYes ? "Proceed? [n/Y] " : "Proceed? [N/y] ")
        guard let answer = readLine()?.lowercased() else { return false }
        return answer.isEmpty ? defaultYes : answer.hasPrefix("y")
    }

    /// `--gen-keys NAME`: a key pair `NAME.pem` (mode 0400) and `NAME.pub` in `directory`, made if missing
    /// (an existing pair is kept, as Salt keeps it); prints the public key's fingerprint.
    public static func generate(name: String, directory: String, bits: Int, printer: KeyPrinter) -> Int32 {
        let base = directory + "/" + name
        do {
            FileSystem.makeDirectories(directory, mode: 0o755)
            if !FileSystem.exists(base + ".pem") {
                let key = try RSAPrivateKey.generate(bits: bits)
                try FileSystem.write(base + ".pem", key.pkcs1PEM, mode: 0o400)
                try FileSystem.write(base + ".pub", key.publicKey.pem, mode: 0o644)
            }
            let pub = try FileSystem.read(base + ".pub")
            printer.show(["return": .text(RSAPublicKey.fingerprint(pemFileContents: pub))])
            return 0
        } catch {
            Console.error("cannot write the key pair \(base).pem/.pub: \(error)\n")
            return 1
        }
    }
}

/// Where `brine-key` prints a result: Salt's key outputter unless `--out` chose another (and `nested`
/// for what is no key listing); messages and questions always go to stdout, as salt-key's do.
public struct KeyPrinter: Sendable {
    let output: ToolOutput

    public init(_ output: ToolOutput) {
        self.output = output
    }

    public func show(_ value: MessagePackValue) {
        guard output.chosen == nil, let text = KeyOutputter(color: output.color).render(value) else { return output.show(value) }
        output.emit(text)
    }
}
