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

    /// Reads the tag's UTF-8 bytes: a tool parses one tag per return, 10,000 for a 10,000-minion job.
    private static func parse(_ tag: String) -> EventTag? {
        switch tag {
        case "salt/auth": return .auth
        case "minion_start": return .legacyMinionStart
        default: break
        }
        let bytes = Substring(tag).utf8
        if let id = bytes.dropping(prefix: minionPrefix.utf8)?.dropping(suffix: "/start".utf8) {
            return id.isEmpty ? nil : .minionStart(id: String(Substring(id)))
        }
        guard let rest = bytes.dropping(prefix: jobPrefix.utf8), let slash = rest.firstIndex(of: UInt8(ascii: "/")) else {
            return nil
        }
        let jid = rest[..<slash]
        let kind = rest[rest.index(after: slash)...]
        guard !jid.isEmpty else { return nil }
        if kind.elementsEqual("new".utf8) { return .jobNew(jid: String(Substring(jid))) }
        if kind.elementsEqual("publish".utf8) { return .jobPublished(jid: String(Substring(jid))) }
        guard let minion = kind.dropping(prefix: "ret/".utf8), !minion.isEmpty else { return nil }
        return .jobReturn(jid: String(Substring(jid)), minion: String(Substring(minion)))
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

extension Substring.UTF8View {
    /// The bytes after `prefix`; nil when they do not start with it.
    fileprivate func dropping(prefix: String.UTF8View) -> Substring.UTF8View? {
        starts(with: prefix) ? dropFirst(prefix.count) : nil
    }

    /// The bytes before `suffix`; nil when they do not end with it.
    fileprivate func dropping(suffix: String.UTF8View) -> Substring.UTF8View? {
        count >= suffix.count && self[index(endIndex, offsetBy: -suffix.count)...].elementsEqual(suffix) ? dropLast(suffix.count) : nil
    }
}
