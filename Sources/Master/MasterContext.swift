public import BrineCore
public import JobCache
public import Logging
public import Pillar
public import SaltWire

/// The state every master thread shares. Each member is thread-safe on its own; sockets are not here.
public final class MasterContext: Sendable {
    public let config: MasterConfig
    public let keys: KeyStore
    /// The key states shared with other masters (`master_job_cache: postgres`); nil with SQLite.
    public let sharedKeys: SharedKeys?
    public let masterKey: RSAPrivateKey
    public let aes: AESKeyring
    public let sessions: SessionStore
    public let minions: MinionRegistry
    public let presence: Presence
    public let jids: JIDGenerator
    public let jobCache: any JobCacheStore
    /// Every job and return goes to the cache through this one writer.
    public let cacheWriter: JobCacheWriter
    /// `publisher_acl` and its blacklist.
    let acl: PublisherACL
    /// Compiles each minion's pillar from `pillar_roots` when it asks (`_pillar`).
    public let pillar: PillarCompiler
    /// `audit_log` (writes nothing when not configured).
    public let audit: AuditLog
    public let logger: Logger

    public init(config: MasterConfig) throws {
        self.config = config
        logger = Logger(label: "brine.master")
        // The cache first: with PostgreSQL, its migrations make the shared key tables.
        jobCache = try config.openJobCache(forWriting: true)
        let logger = logger
        (keys, sharedKeys) = try config.openKeyStore(report: { logger.error("\($0)") })
        masterKey = try keys.masterKey()
        for notice in try PKIPermissions(pkiDir: config.pkiDir, privateKeys: ["master.pem"], permissive: config.permissivePKIAccess).secure() {
            logger.warning("\(notice)")
        }
        aes = AESKeyring()
        sessions = SessionStore(lifetime: config.publishSession)
        jids = JIDGenerator()
        presence = Presence()
        if config.masterJobCache == .sqlite {
            // Every job's output is in there; SQLite gives its WAL and shared-memory files the same mode.
            let cachePath = JobCache.path(cachedir: config.cachedir)
            for path in [cachePath, cachePath + "-wal", cachePath + "-shm"] { try FileSystem.tighten(path, to: 0o600) }
        }
        cacheWriter = JobCacheWriter(cache: jobCache, logger: logger)
        acl = PublisherACL(acl: config.publisherACL, blacklist: config.publisherACLBlacklist)
        for problem in acl.ignored { logger.warning("\(problem)") }
        audit = try AuditLog(path: config.auditLog, redact: config.auditRedact)
        pillar = PillarCompiler(
            roots: PillarRoots(config.pillarRoots.map { PillarEnvironment(name: $0.environment, directories: $0.directories) }),
            settings: PillarCompiler.Settings(
                strategy: PillarMergingStrategy(rawValue: config.pillarSourceMergingStrategy) ?? .smart,
                mergeLists: config.pillarMergeLists, safeRenderError: config.pillarSafeRenderError, pillarenv: config.pillarenv,
                nodegroups: config.nodegroups))
        minions = MinionRegistry(cache: jobCache, writer: cacheWriter, accepted: Set(keys.ids(.accepted)))
    }
}
