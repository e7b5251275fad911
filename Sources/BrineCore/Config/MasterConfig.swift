public import MessagePack

/// The master's options, with Salt's names and defaults; read once at start.
public struct MasterConfig: Sendable {
    public var configDir: String
    public var rootDir: String
    public var interface: String
    public var publishPort: Int
    public var retPort: Int
    public var workerThreads: Int
    public var pkiDir: String
    public var cachedir: String
    public var sockDir: String
    public var autoAccept: Bool
    public var openMode: Bool
    public var user: String?
    public var logLevel: String
    public var logFile: String
    public var zmqFiltering: Bool
    public var zmqBacklog: Int
    public var pubHWM: Int
    /// ZMTP heartbeats on the two public sockets, in ms (0: off). Off by default, unlike Salt: libzmq 4.3
    /// cancels a timer by walking all of them, so each heartbeat costs time in the number of connections
    /// (54% of a core, idle, with 10,000 minions). TCP keepalive finds vanished minions instead.
    public var zmqHeartbeatInterval: Int
    public var zmqHeartbeatTimeout: Int
    /// TCP keepalive on the public sockets: seconds idle before the first probe, probes, seconds between.
    public var tcpKeepaliveIdle: Int
    public var tcpKeepaliveCount: Int
    public var tcpKeepaliveInterval: Int
    public var ipv6: Bool
    public var timeout: Double
    public var gatherJobTimeout: Double
    public var keepJobsHours: Double
    /// `master_job_cache`: SQLite in `cachedir` (default), or a PostgreSQL that masters share.
    public var masterJobCache: JobCacheBackend
    /// `postgres.*`: the database of `master_job_cache: postgres`.
    public var postgres: PostgresSettings
    /// Seconds between the maintenance thread's runs (job retention).
    public var loopInterval: Double
    public var publishSession: Int
    public var rotateAESKey: Bool
    public var signPubMessages: Bool
    public var minimumAuthVersion: Int
    public var maxMinions: Int
    public var nodegroups: [String: MessagePackValue]
    /// Salt's `pillar_roots`: each pillar environment and its directories, in the order given
    /// (`base: [/srv/pillar]` by default, under `root_dir`).
    public var pillarRoots: [(environment: String, directories: [String])]
    /// Salt's `pillar_source_merging_strategy`: smart, recurse, aggregate, overwrite or none.
    public var pillarSourceMergingStrategy: String
    /// Salt's `pillar_merge_lists`: lists in two SLS files under one key are joined, not replaced.
    public var pillarMergeLists: Bool
    /// Salt's `pillar_safe_render_error`: a minion whose SLS failed to render is told only which one.
    public var pillarSafeRenderError: Bool
    /// Salt's `pillarenv`: compile pillar from this environment only.
    public var pillarenv: String?
    /// Salt's `permissive_pki_access`: allow the pki dir and keys to be read by the daemon's group.
    public var permissivePKIAccess: Bool
    /// Salt's `publisher_acl`: user (or `group%`) → function patterns, optionally per target; read by
    /// the master's `PublisherACL`.
    public var publisherACL: [MessagePackPair]
    /// Salt's `publisher_acl_blacklist`: `users` and `modules` no one matching may use.
    public var publisherACLBlacklist: [MessagePackPair]
    /// The group whose members may open the master's socket at all (`sock_dir` 0750 and
    /// `master.ipc` 0660 with that group); without it only root and the master's user can.
    public var sockDirGroup: String?
    /// Where the audit trail goes (JSON lines); none by default.
    public var auditLog: String?
    /// Keyword names (globs, case-insensitive) whose values the audit log replaces with `<redacted>`.
    public var auditRedact: [String]
    /// Salt's `file_roots`: each file server environment and its directories, searched in order.
    public var fileRoots: [String: [String]]
    /// Salt's `file_buffer_size`: the bytes of one `_serve_file` chunk, which bounds each request's memory.
    public var fileBufferSize: Int
    /// Salt's `hash_type`: the digest `_file_hash` answers with.
    public var hashType: String
    /// Salt's `file_recv`: whether minions may push files (`cp.push`) into `cachedir/minions/<id>/files`.
    public var fileRecv: Bool
    /// Salt's `file_recv_max_size`, in MB: a pushed file larger than this is refused.
    public var fileRecvMaxSize: Int
    /// Every option as read, for the few that have no typed field yet.
    public var options: MessagePackValue
    /// Options in the files that brine-master does not read, named in a warning at start.
    public var unknownOptions: [String]

    public static let defaultConfigDir = "/etc/brine"

    /// Reads `configDir/master` and `configDir/master.d/*.conf`.
    public static func load(configDir: String = defaultConfigDir) throws -> MasterConfig {
        try MasterConfig(options: ConfigFile.load(directory: configDir, name: "master"), configDir: configDir)
    }

    public init(options: MessagePackValue, configDir: String = defaultConfigDir) throws {
        let reader = ConfigReader(options: options, file: configDir + "/master")
        self.configDir = configDir
        self.options = options
        rootDir = try reader.string("root_dir", default: "/")
        interface = try reader.string("interface", default: "0.0.0.0")
        publishPort = try reader.int("publish_port", default: 4505)
        retPort = try reader.int("ret_port", default: 4506)
        workerThreads = try reader.int("worker_threads", default: 5)
        pkiDir = RootDir.apply(rootDir, to: try reader.string("pki_dir", default: "/etc/brine/pki/master"))
        cachedir = RootDir.apply(rootDir, to: try reader.string("cachedir", default: "/var/cache/brine/master"))
        sockDir = RootDir.apply(rootDir, to: try reader.string("sock_dir", default: "/var/run/brine/master"))
        autoAccept = try reader.bool("auto_accept", default: false)
        openMode = try reader.bool("open_mode", default: false)
        user = try reader.optionalString("user")
        logLevel = try reader.string("log_level", default: "warning")
        logFile = RootDir.apply(rootDir, to: try reader.string("log_file", default: "/var/log/brine/master"))
        zmqFiltering = try reader.bool("zmq_filtering", default: false)
        zmqBacklog = try reader.int("zmq_backlog", default: 1000)
        pubHWM = try reader.int("pub_hwm", default: 1000)
        zmqHeartbeatInterval = try reader.int("zmq_heartbeat_ivl", default: 0)
        zmqHeartbeatTimeout = try reader.int("zmq_heartbeat_timeout", default: 0)
        tcpKeepaliveIdle = try reader.int("tcp_keepalive_idle", default: 60)
        tcpKeepaliveCount = try reader.int("tcp_keepalive_cnt", default: 3)
        tcpKeepaliveInterval = try reader.int("tcp_keepalive_intvl", default: 15)
        ipv6 = try reader.bool("ipv6", default: false)
        timeout = try reader.double("timeout", default: 5)
        gatherJobTimeout = try reader.double("gather_job_timeout", default: 10)
        keepJobsHours = try reader.double("keep_jobs", default: 24)
        masterJobCache = try JobCacheBackend(option: reader.string("master_job_cache", default: "sqlite"), file: configDir + "/master")
        postgres = try PostgresSettings(reader)
        loopInterval = try reader.double("loop_interval", default: 60)
        publishSession = try reader.int("publish_session", default: 86400)
        rotateAESKey = try reader.bool("rotate_aes_key", default: true)
        signPubMessages = try reader.bool("sign_pub_messages", default: true)
        minimumAuthVersion = try reader.int("minimum_auth_version", default: 3)
        maxMinions = try reader.int("max_minions", default: 0)
        var groups: [String: MessagePackValue] = [:]
        for pair in try reader.map("nodegroups") {
            if let name = pair.key.stringValue { groups[name] = pair.value }
        }
        nodegroups = groups
        let root = rootDir
        var roots: [(environment: String, directories: [String])] = []
        for pair in try reader.map("pillar_roots") {
            let directories = pair.value.stringValue.map { [$0] } ?? pair.value.arrayValue?.compactMap(\.stringValue)
            guard let environment = pair.key.stringValue, let directories else {
                throw ConfigError("\(configDir)/master: pillar_roots must map each environment to a list of directories")
            }
            roots.append((environment, directories.map { RootDir.apply(root, to: $0) }))
        }
        pillarRoots = roots.isEmpty ? [("base", [RootDir.apply(root, to: "/srv/pillar")])] : roots
        pillarSourceMergingStrategy = try reader.string("pillar_source_merging_strategy", default: "smart")
        guard ["smart", "recurse", "aggregate", "overwrite", "none"].contains(pillarSourceMergingStrategy) else {
            throw ConfigError("\(configDir)/master: pillar_source_merging_strategy must be smart, recurse, aggregate, overwrite or none, got '\(pillarSourceMergingStrategy)'")
        }
        pillarMergeLists = try reader.bool("pillar_merge_lists", default: false)
        pillarSafeRenderError = try reader.bool("pillar_safe_render_error", default: true)
        pillarenv = try reader.optionalString("pillarenv")
        permissivePKIAccess = try reader.bool("permissive_pki_access", default: false)
        publisherACL = try reader.map("publisher_acl")
        publisherACLBlacklist = try reader.map("publisher_acl_blacklist")
        sockDirGroup = try reader.optionalString("sock_dir_group")
        auditLog = try reader.optionalString("audit_log").map { RootDir.apply(root, to: $0) }
        auditRedact = try reader.stringList("audit_redact", default: ["*pass*", "*secret*", "*token*", "*key*"]).map { $0.lowercased() }
        fileRoots = try Self.fileRoots(reader, rootDir: root)
        fileBufferSize = try reader.int("file_buffer_size", default: 262_144)
        hashType = try reader.hashType()
        fileRecv = try reader.bool("file_recv", default: false)
        fileRecvMaxSize = try reader.int("file_recv_max_size", default: 100)
        unknownOptions = reader.unread(besides: [])
        guard (0...(Int.max >> 20)).contains(fileRecvMaxSize) else {
            throw ConfigError("\(configDir)/master: file_recv_max_size must be a number of MB from 0, got \(fileRecvMaxSize)")
        }
        guard fileBufferSize >= 1 else {
            throw ConfigError("\(configDir)/master: file_buffer_size must be at least 1, got \(fileBufferSize)")
        }
        guard (1...65535).contains(publishPort), (1...65535).contains(retPort) else {
            throw ConfigError("\(configDir)/master: publish_port and ret_port must be between 1 and 65535")
        }
        guard workerThreads >= 1 else {
            throw ConfigError("\(configDir)/master: worker_threads must be at least 1, got \(workerThreads)")
        }
    }

    /// The endpoint the tools use to talk to the running master.
    public var localEndpoint: String { "ipc://" + sockDir + "/master.ipc" }

    /// `file_roots: {env: [dir, ...]}`, the directories as written (Salt does not move them under
    /// `root_dir`); the default, Salt's `base: [/srv/salt]`, is under `root_dir`.
    private static func fileRoots(_ reader: ConfigReader, rootDir: String) throws -> [String: [String]] {
        let pairs = try reader.map("file_roots")
        guard !pairs.isEmpty else { return ["base": [RootDir.apply(rootDir, to: "/srv/salt")]] }
        var roots: [String: [String]] = [:]
        for pair in pairs {
            guard let name = pair.key.stringValue, let dirs = pair.value.arrayValue, dirs.allSatisfy({ $0.stringValue != nil }) else {
                throw ConfigError("\(reader.file): option 'file_roots' must map each environment to a list of directories")
            }
            roots[name] = dirs.compactMap(\.stringValue)
        }
        return roots
    }
}
