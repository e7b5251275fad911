import BrineCore
import BrineTesting
import MessagePack
import XCTest

final class ConfigTests: XCTestCase {
    func testMasterDefaultsAreSalts() throws {
        let config = try MasterConfig(options: [:])
        XCTAssertEqual(config.publishPort, 4505)
        XCTAssertEqual(config.retPort, 4506)
        XCTAssertEqual(config.workerThreads, 5)
        XCTAssertEqual(config.interface, "0.0.0.0")
        XCTAssertFalse(config.autoAccept)
        XCTAssertEqual(config.timeout, 5)
        XCTAssertEqual(config.pkiDir, "/etc/brine/pki/master")
    }

    /// Heartbeats are off unless asked for (libzmq 4.3's timers make them cost time in the fleet size);
    /// keepalive follows Salt's request server.
    func testHeartbeatsAreOptInAndKeepaliveIsSalts() throws {
        let defaults = try MasterConfig(options: [:])
        XCTAssertEqual(defaults.zmqHeartbeatInterval, 0)
        XCTAssertEqual([defaults.tcpKeepaliveIdle, defaults.tcpKeepaliveCount, defaults.tcpKeepaliveInterval], [60, 3, 15])
        let configured = try MasterConfig(options: ["zmq_heartbeat_ivl": 10000, "zmq_heartbeat_timeout": 30000])
        XCTAssertEqual(configured.zmqHeartbeatInterval, 10000)
        XCTAssertEqual(configured.zmqHeartbeatTimeout, 30000)
    }

    func testRootDirRelocatesEveryPath() throws {
        let config = try MasterConfig(options: ["root_dir": "/srv/brine", "pki_dir": "/etc/brine/pki/master"])
        XCTAssertEqual(config.pkiDir, "/srv/brine/etc/brine/pki/master")
        XCTAssertEqual(config.cachedir, "/srv/brine/var/cache/brine/master")
        XCTAssertEqual(config.sockDir, "/srv/brine/var/run/brine/master")
        XCTAssertEqual(config.logFile, "/srv/brine/var/log/brine/master")
        let already = try MasterConfig(options: ["root_dir": "/srv/brine", "cachedir": "/srv/brine/cache"])
        XCTAssertEqual(already.cachedir, "/srv/brine/cache")
    }

    func testPillarOptions() throws {
        let defaults = try MasterConfig(options: ["root_dir": "/srv/brine"])
        XCTAssertEqual(defaults.pillarRoots.map(\.environment), ["base"])
        XCTAssertEqual(defaults.pillarRoots.map(\.directories), [["/srv/brine/srv/pillar"]])
        XCTAssertEqual(defaults.pillarSourceMergingStrategy, "smart")
        XCTAssertFalse(defaults.pillarMergeLists)
        XCTAssertTrue(defaults.pillarSafeRenderError)
        let configured = try MasterConfig(options: [
            "pillar_roots": ["base": ["/p/base"], "dev": "/p/dev"], "pillar_source_merging_strategy": "overwrite",
            "pillar_merge_lists": true,
        ])
        XCTAssertEqual(configured.pillarRoots.map(\.environment), ["base", "dev"])
        XCTAssertEqual(configured.pillarRoots.map(\.directories), [["/p/base"], ["/p/dev"]])
        XCTAssertEqual(configured.pillarSourceMergingStrategy, "overwrite")
        XCTAssertTrue(configured.pillarMergeLists)
        XCTAssertThrowsError(try MasterConfig(options: ["pillar_source_merging_strategy": "deep"]))
        XCTAssertThrowsError(try MasterConfig(options: ["pillar_roots": ["base": 3]]))
        XCTAssertTrue(try MinionConfig(options: [:]).pillarMaskOutput)
        XCTAssertFalse(try MinionConfig(options: ["pillar_mask_output": false]).pillarMaskOutput)
    }

    func testJobCacheBackendAndPostgresOptions() throws {
        let defaults = try MasterConfig(options: [:])
        XCTAssertEqual(defaults.masterJobCache, .sqlite)
        XCTAssertEqual(try MasterConfig(options: ["master_job_cache": "local_cache"]).masterJobCache, .sqlite)
        let config = try MasterConfig(options: [
            "master_job_cache": "postgres", "postgres.host": "/run/postgresql", "postgres.port": 5433,
            "postgres.db": "salt", "postgres.user": "salt", "postgres.pass": "secret",
        ])
        XCTAssertEqual(config.masterJobCache, .postgres)
        XCTAssertEqual(config.postgres, PostgresSettings(host: "/run/postgresql", port: 5433, database: "salt", user: "salt", password: "secret"))
        XCTAssertEqual(config.unknownOptions, [])
        XCTAssertTrue(config.postgres.connectionParameters.contains { $0 == ("host", "/run/postgresql") })
        XCTAssertFalse(config.postgres.summary.contains("secret"))
        XCTAssertThrowsError(try MasterConfig(options: ["master_job_cache": "mysql"])) { error in
            XCTAssertTrue("\(error)".contains("master_job_cache must be sqlite or postgres"), "\(error)")
        }
    }

    func testWrongTypesNameTheOption() {
        XCTAssertThrowsError(try MasterConfig(options: ["publish_port": "many"])) { error in
            XCTAssertTrue("\(error)".contains("'publish_port' must be an integer"), "\(error)")
        }
        XCTAssertThrowsError(try MasterConfig(options: ["auto_accept": "perhaps"])) { error in
            XCTAssertTrue("\(error)".contains("'auto_accept' must be true or false"), "\(error)")
        }
        XCTAssertThrowsError(try MasterConfig(options: ["worker_threads": 0]))
    }

    func testFilesAndIncludesMerge() throws {
        let directory = try TemporaryDirectory.make("config")
        try FileSystem.write(directory + "/master", "publish_port: 14505\nauto_accept: True\nnodegroups:\n  web: 'L@a,b'\n")
        FileSystem.makeDirectories(directory + "/master.d")
        try FileSystem.write(directory + "/master.d/10-ports.conf", "publish_port: 24505\n")
        let config = try MasterConfig.load(configDir: directory)
        XCTAssertEqual(config.publishPort, 24505)
        XCTAssertTrue(config.autoAccept)
        XCTAssertEqual(config.nodegroups["web"], "L@a,b")

        try FileSystem.write(directory + "/master", "publish_port: [unclosed\n")
        XCTAssertThrowsError(try MasterConfig.load(configDir: directory)) { error in
            XCTAssertTrue("\(error)".contains("invalid YAML"), "\(error)")
        }
    }

    func testMinionRefusesBadIDs() {
        XCTAssertNoThrow(try MinionConfig(options: ["id": "web-01.example.com"]))
        for bad in ["", "../etc", "a/b", "a\\b", "tab\there", "..", "x..y"] {
            XCTAssertThrowsError(try MinionConfig(options: ["id": .text(bad)]), "accepted \(bad)")
        }
    }

    /// Salt's multi-master options: `master` as a string or a list, `master_type` str or failover, and
    /// the failover options' defaults; a master type Brine lacks is refused by name.
    func testMinionMasters() throws {
        let single = try MinionConfig(options: ["master": "salt.example.com"])
        XCTAssertEqual(single.masters, ["salt.example.com"])
        XCTAssertEqual(single.masterType, .hot)
        XCTAssertEqual(single.masterAliveInterval, 0)
        XCTAssertFalse(single.masterFailback)
        XCTAssertFalse(single.randomMaster)
        let failover = try MinionConfig(options: [
            "master": ["a.example.com", "b.example.com"], "master_type": "failover", "master_alive_interval": 30,
            "master_failback": true, "master_failback_interval": 60, "random_master": true,
        ])
        XCTAssertEqual(failover.masters, ["a.example.com", "b.example.com"])
        XCTAssertEqual(failover.master, "a.example.com")
        XCTAssertEqual(failover.masterType, .failover)
        XCTAssertEqual(failover.masterAliveInterval, 30)
        XCTAssertTrue(failover.masterFailback)
        XCTAssertEqual(failover.masterFailbackInterval, 60)
        XCTAssertTrue(failover.randomMaster)
        XCTAssertThrowsError(try MinionConfig(options: ["master_type": "func"])) { error in
            XCTAssertTrue("\(error)".contains("master_type"), "\(error)")
        }
        XCTAssertThrowsError(try MinionConfig(options: ["master": []]))
    }

    func testMinionStaticGrains() throws {
        let config = try MinionConfig(options: ["grains": ["roles": ["web"], "rack": 12]])
        XCTAssertEqual(config.grains["rack"], 12)
    }

    /// The file server's options: Salt's defaults, `file_roots` as written, its default under `root_dir`.
    func testFileServerOptions() throws {
        let defaults = try MasterConfig(options: ["root_dir": "/srv/brine"])
        XCTAssertEqual(defaults.fileRoots, ["base": ["/srv/brine/srv/salt"]])
        XCTAssertEqual(defaults.hashType, "sha256")
        XCTAssertEqual(defaults.fileBufferSize, 262_144)
        XCTAssertFalse(defaults.fileRecv)
        XCTAssertEqual(defaults.fileRecvMaxSize, 100)
        let configured = try MasterConfig(options: ["root_dir": "/srv/brine", "file_roots": ["base": ["/a", "/b"], "dev": ["/c"]]])
        XCTAssertEqual(configured.fileRoots, ["base": ["/a", "/b"], "dev": ["/c"]])
        XCTAssertThrowsError(try MasterConfig(options: ["file_roots": ["base": "/a"]]))
        let minion = try MinionConfig(options: ["root_dir": "/srv/m"])
        XCTAssertEqual(minion.extensionModules, "/srv/m/var/cache/brine/minion/extmods")
        XCTAssertEqual(minion.extensionModuleTimeout, 300)
        // A digest the file server cannot compute is refused at start, not on every file request.
        XCTAssertEqual(try MasterConfig(options: ["hash_type": "SHA512"]).hashType, "sha512")
        XCTAssertThrowsError(try MasterConfig(options: ["hash_type": "blake2b"])) { error in
            XCTAssertTrue("\(error)".contains("hash_type must be one of md5, sha1, sha224, sha256, sha384, sha512, got 'blake2b'"), "\(error)")
        }
        XCTAssertThrowsError(try MinionConfig(options: ["hash_type": "crc32"]))
        XCTAssertThrowsError(try MasterConfig(options: ["file_recv_max_size": -1]))
    }
}

final class JIDTests: XCTestCase {
    func testFormatIsSalts() {
        XCTAssertEqual(JID.format(microsecondsSinceEpoch: 1_795_287_915_961_226), "20261121190515961226")
        XCTAssertTrue(JID.isValid("20261121190515961226"))
        XCTAssertTrue(JID.isValid("20261121190515961226_1234"))
        XCTAssertFalse(JID.isValid("2026112119051596122"))
        XCTAssertFalse(JID.isValid("2026112119051596122x"))
    }

    func testGeneratedIDsIncrease() {
        let generator = JIDGenerator()
        var previous = ""
        for _ in 0..<1000 {
            let jid = generator.next()
            XCTAssertTrue(JID.isValid(jid))
            XCTAssertGreaterThan(jid, previous)
            previous = jid
        }
    }
}

final class UnknownOptionTests: XCTestCase {
    func testOptionsNothingReadsAreNamed() throws {
        let master = try MasterConfig(options: ["interface": "127.0.0.1", "publisher_acll": ["bob": ["test.*"]], "open_mode": false])
        XCTAssertEqual(master.unknownOptions, ["publisher_acll"])
        let minion = try MinionConfig(options: ["master_fingr": "ab:cd", "hash_type": "sha256", "master": "salt"])
        XCTAssertEqual(minion.unknownOptions, ["master_fingr"])
    }
}
