public import MessagePack

/// The minion's options, with Salt's names and defaults; read once at start.
public struct MinionConfig: Sendable {
    public var configDir: String
    public var rootDir: String
    /// Salt's `master`: one address, or a list of them for multi-master (all on the same `master_port`
    /// and publish port, as in Salt). Never empty.
    public var masters: [String]
    /// The first master: the one a single-master minion has, the primary of a failover list.
    public var master: String { masters[0] }
    /// Salt's `master_type`: `str` (hot: every master at once) or `failover` (one at a time).
    public var masterType: MasterType
    /// Salt's `master_alive_interval`, seconds: how often a failover minion checks that its master is
    /// still there (0: it relies on the publish connection dropping).
    public var masterAliveInterval: Double
    /// Salt's `master_failback`: a failover minion goes back to the first master once it answers again,
    /// checked every `master_failback_interval` seconds (0: every `master_alive_interval`, else 30).
    public var masterFailback: Bool
    public var masterFailbackInterval: Double
    /// Salt's `random_master`: shuffle the master list once at start (spreads a fleet over the masters).
    public var randomMaster: Bool
    public var masterPort: Int
    /// Overrides the publish port the master advertises; nil follows the master (Salt's behaviour).
    public var publishPort: Int?
    public var id: String?
    public var pkiDir: String
    public var cachedir: String
    public var sockDir: String
    public var user: String?
    public var logLevel: String
    public var logFile: String
    public var zmqFiltering: Bool
    public var ipv6: Bool
    public var grains: MessagePackValue
    public var authTimeout: Double
    public var authTries: Int
    public var acceptanceWaitTime: Double
    public var acceptanceWaitTimeMax: Double
    public var reconDefault: Int
    public var reconMax: Int
    public var reconRandomize: Bool
    public var returnRetryTimer: Double
    /// Salt 3008's `pillar_mask_output`: `pillar.items` shows every value as `**********` unless the
    /// call says `unmask=True` (`pillar.get` and `pillar.item` mask whatever this says).
    public var pillarMaskOutput: Bool
    /// Salt's `pillar_raise_on_missing`: `pillar.get` of a missing key without a default fails.
    public var pillarRaiseOnMissing: Bool
    public var returnRetryTries: Int
    /// Bounds of the return spool (returns waiting on disk for the master): the oldest is dropped past
    /// either.
    public var returnSpoolMaxCount: Int
    public var returnSpoolMaxBytes: Int
    public var encryptionAlgorithm: String
    public var signingAlgorithm: String
    /// Refuse publications the master did not sign. Salt's minion option, but on by default here
    /// (Salt's minion default is off; its master signs by default, as brine-master does).
    public var signPubMessages: Bool
    /// Salt's `master_finger`: the fingerprint (sha256, `aa:bb:...`) the master's key must have.
    public var masterFinger: String?
    /// Salt's `permissive_pki_access`: allow the pki dir and keys to be read by the daemon's group.
    public var permissivePKIAccess: Bool
    /// Salt's `extension_modules` (default `cachedir/extmods`): synced modules live in its `modules/`.
    public var extensionModules: String
    /// Salt's `hash_type`: the digest `cp.hash_file` and the file cache compare with.
    public var hashType: String
    /// Brine's bound, in seconds, on one run of a module executable from `extension_modules`: past it
    /// the module's process group is killed and the call fails.
    public var extensionModuleTimeout: Double
    public var options: MessagePackValue
    /// Options in the files that brine-minion does not read, named in a warning at start.
    public var unknownOptions: [String]

    /// Options read from `options` by the modules and grains rather than here.
    static let readElsewhere: Set<String> = ["hash_type", "enable_fqdns_grains"]

    public static let defaultConfigDir = "/etc/brine"

    /// How a minion with several masters uses them.
    public enum MasterType: String, Sendable {
        /// Salt's `str`: connected to every master at once, answering each.
        case hot = "str"
        /// One master at a time, the next when it goes away.
        case failover
    }

    /// Reads `configDir/minion` and `configDir/minion.d/*.conf`.
    public static func load(configDir: String = defaultConfigDir) throws -> MinionConfig {
        try MinionConfig(options: ConfigFile.load(directory: configDir, name: "minion"), configDir: configDir)
    }

    public init(options: MessagePackValue, configDir: String = defaultConfigDir) throws {
        let reader = ConfigReader(options: options, file: configDir + "/minion")
        self.configDir = configDir
        self.options = options
        rootDir = try reader.string("root_dir", default: "/")
        masters = try reader.stringList("master", default: ["salt"])
        guard !masters.isEmpty, !masters.contains(where: \.isEmpty) else {
            throw ConfigError("\(configDir)/minion: master must name at least one address, and no empty one")
        }
        let type = try reader.string("master_type", default: MasterType.hot.rawValue)
        guard let masterType = MasterType(rawValue: type) else {
            throw ConfigError("\(configDir)/minion: master_type must be 'str' or 'failover' ('func', 'disable' and 'distributed' are Salt's, not Brine's), got '\(type)'")
        }
        self.masterType = masterType
        masterAliveInterval = try reader.double("master_alive_interval", default: 0)
        masterFailback = try reader.bool("master_failback", default: false)
        masterFailbackInterval = try reader.double("master_failback_interval", default: 0)
        randomMaster = try reader.bool("random_master", default: false)
        masterPort = try reader.int("master_port", default: 4506)
        let publish = try reader.int("publish_port", default: 0)
        publishPort = publish == 0 ? nil : publish
        id = try reader.optionalString("id")
        pkiDir = RootDir.apply(rootDir, to: try reader.string("pki_dir", default: "/etc/brine/pki/minion"))
        cachedir = RootDir.apply(rootDir, to: try reader.string("cachedir", default: "/var/cache/brine/minion"))
        sockDir = RootDir.apply(rootDir, to: try reader.string("sock_dir", default: "/var/run/brine/minion"))
        user = try reader.optionalString("user")
        logLevel = try reader.string("log_level", default: "warning")
        logFile = RootDir.apply(rootDir, to: try reader.string("log_file", default: "/var/log/brine/minion"))
        zmqFiltering = try reader.bool("zmq_filtering", default: false)
        ipv6 = try reader.bool("ipv6", default: false)
        grains = .map(try reader.map("grains"))
        authTimeout = try reader.double("auth_timeout", default: 5)
        authTries = try reader.int("auth_tries", default: 7)
        acceptanceWaitTime = try reader.double("acceptance_wait_time", default: 10)
        acceptanceWaitTimeMax = try reader.double("acceptance_wait_time_max", default: 0)
        reconDefault = try reader.int("recon_default", default: 1000)
        reconMax = try reader.int("recon_max", default: 10000)
        reconRandomize = try reader.bool("recon_randomize", default: true)
        returnRetryTimer = try reader.double("return_retry_timer", default: 5)
        pillarMaskOutput = try reader.bool("pillar_mask_output", default: true)
        pillarRaiseOnMissing = try reader.bool("pillar_raise_on_missing", default: false)
        returnRetryTries = try reader.int("return_retry_tries", default: 3)
        returnSpoolMaxCount = try reader.int("return_spool_max_count", default: 10_000)
        returnSpoolMaxBytes = try reader.int("return_spool_max_bytes", default: 256 << 20)
        encryptionAlgorithm = try reader.string("encryption_algorithm", default: "OAEP-SHA1")
        signingAlgorithm = try reader.string("signing_algorithm", default: "PKCS1v15-SHA1")
        signPubMessages = try reader.bool("sign_pub_messages", default: true)
        masterFinger = try reader.optionalString("master_finger").flatMap { $0.isEmpty ? nil : $0 }
        permissivePKIAccess = try reader.bool("permissive_pki_access", default: false)
        extensionModules = RootDir.apply(rootDir, to: try reader.string("extension_modules", default: cachedir + "/extmods"))
        hashType = try reader.hashType()
        extensionModuleTimeout = try reader.double("extension_module_timeout", default: 300)
        unknownOptions = reader.unread(besides: Self.readElsewhere)
        if let id { try MinionID.validate(id) }
        guard (1...65535).contains(masterPort) else {
            throw ConfigError("\(configDir)/minion: master_port must be between 1 and 65535, got \(masterPort)")
        }
    }
}
