import BrineCore

/// The minion's id: the `id` option, else the id cached in `<config dir>/minion_id`, else the host's
/// fully qualified name (then cached, so a later DNS change does not rename the minion), as Salt does.
enum MinionIdentity {
    static func resolve(_ config: MinionConfig) throws -> String {
        if let id = config.id { return id }
        let cache = config.configDir + "/minion_id"
        if let cached = try? FileSystem.readString(cache), MinionID.isValid(cached.trimmingTrailingWhitespace()) {
            return cached.trimmingTrailingWhitespace()
        }
        let id = HostNames.fullyQualified(HostNames.current())
        try MinionID.validate(id)
        try? FileSystem.write(cache, id + "\n", mode: 0o644)
        return id
    }
}
