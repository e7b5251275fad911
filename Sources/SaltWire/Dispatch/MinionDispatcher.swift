public import MessagePack
public import Targeting

/// The minion's side of a publication, without sockets or threads: given the frames from the SUB
/// socket, the credentials of the last `_auth` and the minion's grains, it decides whether to run the
/// job, ignore it (and why), or authenticate again for the current AES key. brine-minion and the swarm
/// both decide through it; its tests drive it in memory.
///
/// It keeps what refusing a replay needs: the last serial seen under the current AES key (Salt's
/// Crypticle counter, which starts over with a new key) and the jids of the last jobs run (Salt's
/// `minion_jid_queue_hwm`, 100). brine-minion stores that `State` on disk before each job it runs
/// (`ReplayStateStore`), so a publication captured earlier does not run again after a restart.
public struct MinionDispatcher: Sendable {
    public enum Decision: Sendable, Equatable {
        case run(JobPublication)
        case ignore(Ignored)
        /// The publication did not decrypt: the master may have rotated its AES key.
        case reauthenticate
    }

    public enum Ignored: Sendable, Equatable, CustomStringConvertible {
        /// Sent under another minion's topic (`zmq_filtering`).
        case otherTopic
        case notAuthenticated
        /// A bad envelope or signature, or a load that is not a job.
        case refused(WireError)
        case replayedSerial(Int64)
        case seenJID(String)
        case unknownTargetType(String)
        case badTarget(jid: String, why: String)
        case notTargeted

        public var description: String {
            switch self {
            case .otherTopic: return "published for another minion"
            case .notAuthenticated: return "not authenticated yet"
            case .refused(let error): return "\(error)"
            case .replayedSerial(let serial): return "\(WireError.replayed(serial: Int(serial)))"
            case .seenJID(let jid): return "job \(jid) already seen"
            case .unknownTargetType(let type): return "target type '\(type)' is not one this minion knows"
            case .badTarget(let jid, let why): return "job \(jid): \(why)"
            case .notTargeted: return "not targeted"
            }
        }
    }

    /// A publication decrypted and parsed: the same for every minion that holds the same AES key, so
    /// the swarm opens each frame once for all its minions.
    public enum Opened: Sendable {
        case job(JobPublication, Target)
        case undecryptable
        case refused(Ignored)
    }

    /// What refusing a replay needs, kept as a value so it can be stored.
    public struct State: Sendable, Equatable {
        /// The last serial under each AES key seen lately, most recently used last: one key per master
        /// for a minion with several (each master has its own AES key and counter), at most
        /// `rememberedKeys`.
        public var serials: [KeySerial] = []
        /// Oldest first, at most `rememberedJobs`: one window for every master, so a job two masters
        /// publish runs once.
        public var recentJIDs: [String] = []

        /// The serial under the AES key used last.
        public var lastSerial: Int64 { serials.last?.serial ?? 0 }

        public init() {}
    }

    /// The last serial seen under one AES key.
    public struct KeySerial: Sendable, Equatable {
        /// sha256 (hex) of the AES key: enough to know the key again after a restart, without keeping
        /// the key itself on disk.
        public var aesKeyDigest: String
        public var serial: Int64

        public init(aesKeyDigest: String, serial: Int64) {
            self.aesKeyDigest = aesKeyDigest
            self.serial = serial
        }
    }

    /// AES keys whose serials are kept: a few masters, and the keys they rotated from lately.
    public static let rememberedKeys = 8

    /// Salt's `minion_jid_queue_hwm`.
    public static let rememberedJobs = 100

    public let id: String
    /// sha1 of the id: the topic a filtering master publishes this minion's jobs under.
    public let topic: [UInt8]
    /// Refuse publications without the master's signature (the minion's `sign_pub_messages`).
    public let requireSignature: Bool
    public private(set) var state: State
    /// The digests of the AES keys seen lately, so each publication costs no hashing.
    private var digests: [String: String] = [:]

    public init(id: String, state: State = State(), requireSignature: Bool = true) {
        self.id = id
        topic = Publication.topic(for: id)
        self.state = state
        self.requireSignature = requireSignature
    }

    /// Opens one publication envelope; `masterKey` checks the signature when the envelope has one,
    /// and `requireSignature` refuses an envelope without.
    public static func open(_ frame: [UInt8], aes: Crypticle, masterKey: RSAPublicKey?, requireSignature: Bool = false) -> Opened {
        let load: MessagePackValue
        do {
            load = try Publication.open(frame, aes: aes, masterKey: masterKey, requireSignature: requireSignature)
        } catch .decryptionFailed {
            return .undecryptable
        } catch {
            return .refused(.refused(error))
        }
        let job: JobPublication
        do {
            job = try JobPublication(load: load)
        } catch {
            return .refused(.refused(error))
        }
        guard let type = TargetType(rawValue: job.targetType) else { return .refused(.unknownTargetType(job.targetType)) }
        do {
            return .job(job, try Target(job.target, type: type, delimiter: job.delimiter ?? ":"))
        } catch {
            return .refused(.badTarget(jid: job.jid, why: "\(error)"))
        }
    }

    /// The decision for frames from the SUB socket: one frame, or `[topic, envelope]` from a master
    /// that filters by topic.
    public mutating func dispatch(
        _ frames: [[UInt8]], credentials: AuthCredentials?, grains: () -> MessagePackValue,
        pillar: () -> MessagePackValue = { [:] }
    ) -> Decision {
        let frame: [UInt8]
        do {
            guard let envelope = try Publication.envelopeFrame(frames, topic: topic) else { return .ignore(.otherTopic) }
            frame = envelope
        } catch {
            return .ignore(.refused(error))
        }
        guard let credentials else { return .ignore(.notAuthenticated) }
        let opened = Self.open(frame, aes: credentials.aes, masterKey: credentials.masterKey, requireSignature: requireSignature)
        return decide(opened, aesKey: credentials.aes.keyString, grains: grains, pillar: pillar)
    }

    /// The decision for an opened publication: a replayed serial or jid is refused, then the target
    /// must name this minion (grains and pillar are read only for targets that need them).
    public mutating func decide(
        _ opened: Opened, aesKey: String, grains: () -> MessagePackValue, pillar: () -> MessagePackValue = { [:] }
    ) -> Decision {
        let job: JobPublication
        let target: Target
        switch opened {
        case .undecryptable: return .reauthenticate
        case .refused(let why): return .ignore(why)
        case .job(let openedJob, let openedTarget):
            job = openedJob
            target = openedTarget
        }
        if let serial = job.serial {
            let digest = digest(of: aesKey)
            let known = state.serials.firstIndex { $0.aesKeyDigest == digest }
            let last = known.map { state.serials[$0].serial } ?? 0
            guard serial > last else { return .ignore(.replayedSerial(serial)) }
            if let known { state.serials.remove(at: known) }
            state.serials.append(KeySerial(aesKeyDigest: digest, serial: serial))
            if state.serials.count > Self.rememberedKeys { state.serials.removeFirst() }
        }
        let facts = MinionFacts(id: id, grains: target.dependsOnlyOnID ? [:] : grains(), pillar: target.usesPillar ? pillar() : [:])
        guard target.matches(facts) else {
            return .ignore(.notTargeted)
        }
        guard !state.recentJIDs.contains(job.jid) else { return .ignore(.seenJID(job.jid)) }
        state.recentJIDs.append(job.jid)
        if state.recentJIDs.count > Self.rememberedJobs { state.recentJIDs.removeFirst() }
        return .run(job)
    }

    private mutating func digest(of aesKey: String) -> String {
        if let known = digests[aesKey] { return known }
        if digests.count >= Self.rememberedKeys { digests.removeAll() }
        let digest = Digest.hex(Digest.sha256(Array(aesKey.utf8)))
        digests[aesKey] = digest
        return digest
    }
}
