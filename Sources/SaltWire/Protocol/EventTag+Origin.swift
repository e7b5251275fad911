/// Which bus events a minion may fire through `_minion_event`: only events about itself. Every
/// accepted minion holds the AES key and reads jids off the publish port, so a return tag in
/// another's name (`salt/job/<jid>/ret/<other>`) would make the tools print a forged return.
extension EventTag {
    /// Namespaces only the master writes to: jobs (new, publish, returns, progress), authentication
    /// and key events, runners and wheel calls.
    private static let masterNamespaces = ["salt/job/", "salt/auth", "salt/key", "salt/run/", "salt/wheel/"]

    /// Namespaces keyed by a minion id in their third segment (`salt/minion/<id>/start`,
    /// `salt/beacon/<id>/...`): only that minion may fire under its own id.
    private static let minionNamespaces = ["salt/minion/", "salt/beacon/"]

    /// Whether the minion authenticated as `minion` may fire this event.
    public func mayBeFired(by minion: String) -> Bool {
        switch self {
        case .jobNew, .jobPublished, .jobReturn, .auth: return false
        case .minionStart(let id): return id == minion
        case .legacyMinionStart: return true
        case .other(let tag):
            if Self.masterNamespaces.contains(where: tag.hasPrefix) { return false }
            for namespace in Self.minionNamespaces where tag.hasPrefix(namespace) {
                let id = tag.dropFirst(namespace.count).prefix { $0 != "/" }
                return id == minion
            }
            return true
        }
    }
}
