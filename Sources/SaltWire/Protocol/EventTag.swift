/// The tags of the master's event bus that Brine writes or reads, built and parsed here only:
/// `salt/job/<jid>/new`, `salt/job/<jid>/publish`, `salt/job/<jid>/ret/<id>`, `salt/auth`,
/// `salt/minion/<id>/start` and the legacy `minion_start`. Any other tag is `other`.
public enum EventTag: Sendable, Equatable, CustomStringConvertible {
    case jobNew(jid: String)
    case jobPublished(jid: String)
    case jobReturn(jid: String, minion: String)
    case auth
    case minionStart(id: String)
    case legacyMinionStart
    case other(String)

    private static let jobPrefix = "salt/job/"
    private static let minionPrefix = "salt/minion/"

    public init(_ tag: String) {
        self = Self.parse(tag) ?? .other(tag)
    }

    private static func parse(_ tag: String) -> EventTag? {
        switch tag {
        case "salt/auth": return .auth
        case "minion_start": return .legacyMinionStart
        default: break
        }
        if tag.hasPrefix(minionPrefix), tag.hasSuffix("/start") {
            let id = tag.dropFirst(minionPrefix.count).dropLast("/start".count)
            return id.isEmpty ? nil : .minionStart(id: String(id))
        }
        guard tag.hasPrefix(jobPrefix) else { return nil }
        let rest = tag.dropFirst(jobPrefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let jid = String(rest[..<slash])
        let kind = rest[rest.index(after: slash)...]
        guard !jid.isEmpty else { return nil }
        switch kind {
        case "new": return .jobNew(jid: jid)
        case "publish": return .jobPublished(jid: jid)
        default:
            guard kind.hasPrefix("ret/"), kind.count > 4 else { return nil }
            return .jobReturn(jid: jid, minion: String(kind.dropFirst(4)))
        }
    }

    public var description: String {
        switch self {
        case .jobNew(let jid): return Self.jobPrefix + jid + "/new"
        case .jobPublished(let jid): return Self.jobPrefix + jid + "/publish"
        case .jobReturn(let jid, let minion): return Self.jobPrefix + jid + "/ret/" + minion
        case .auth: return "salt/auth"
        case .minionStart(let id): return Self.minionPrefix + id + "/start"
        case .legacyMinionStart: return "minion_start"
        case .other(let tag): return tag
        }
    }

    /// The job a `salt/job/<jid>/...` tag is about.
    public var jid: String? {
        switch self {
        case .jobNew(let jid), .jobPublished(let jid), .jobReturn(let jid, _): return jid
        default:
            let tag = description
            guard tag.hasPrefix(Self.jobPrefix) else { return nil }
            return tag.dropFirst(Self.jobPrefix.count).split(separator: "/").first.map(String.init)
        }
    }

    /// Tags in the job namespace (any `salt/job/...`), which only the master may fire.
    public var isJobTag: Bool { description.hasPrefix(Self.jobPrefix) }
}
