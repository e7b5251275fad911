import ArgumentParser
import BrineCore
import Client
import SaltWire

/// `brine-key`: list, accept, reject and delete minion keys in the master's pki dir, as `salt-key`.
struct BrineKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brine-key", abstract: "Manage the minion keys of a Brine (or Salt) master's pki dir.")

    @Option(name: [.customShort("c"), .long], help: "Directory holding the master config.")
    var configDir = MasterConfig.defaultConfigDir

    @Flag(name: [.customShort("L"), .customLong("list-all")], help: "List every key, by state.")
    var listAll = false
    @Option(name: [.customShort("a"), .customLong("accept")], help: "Accept the pending key(s) matching this glob.")
    var accept: String?
    @Flag(name: [.customShort("A"), .customLong("accept-all")], help: "Accept every pending key.")
    var acceptAll = false
    @Option(name: [.customShort("r"), .customLong("reject")], help: "Reject the pending key(s) matching this glob.")
    var reject: String?
    @Option(name: [.customShort("d"), .customLong("delete")], help: "Delete the key(s) matching this glob.")
    var delete: String?
    @Option(name: [.customShort("f"), .customLong("finger")], help: "Print the fingerprint of the key(s) matching this glob.")
    var finger: String?
    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Answer yes to every question.")
    var yes = false

    func run() throws {
        let config: MasterConfig
        do {
            config = try MasterConfig.load(configDir: configDir)
        } catch {
            throw ValidationError("\(error)")
        }
        let tool = KeyTool(keys: try KeyStore(pkiDir: config.pkiDir), config: config, assumeYes: yes)
        if let accept { throw ExitCode(tool.change(accept, from: [.pending, .rejected], to: .accepted)) }
        if acceptAll { throw ExitCode(tool.change("*", from: [.pending], to: .accepted)) }
        if let reject { throw ExitCode(tool.change(reject, from: [.pending, .accepted], to: .rejected)) }
        if let delete { throw ExitCode(tool.delete(delete)) }
        if let finger { throw ExitCode(tool.fingerprints(finger)) }
        tool.list()
    }
}

BrineKeyCommand.main()
