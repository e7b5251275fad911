import MessagePack
import SaltWire
import Testing

/// The minion's decision on each publication, driven in memory: frames in, run / ignore / authenticate
/// again out, with no socket and no sleep.
@Suite("Minion dispatcher")
struct MinionDispatcherTests {
    static let masterKey = try! RSAPrivateKey.generate()
    static let aes = try! Crypticle(keyString: Crypticle.generateKeyString())
    static let credentials = AuthCredentials(
        aes: aes, session: try! Crypticle(keyString: Crypticle.generateKeyString()), publishPort: 4505,
        masterKey: masterKey.publicKey)
    static let grains: MessagePackValue = ["os": "Debian", "roles": ["web", "db"], "ipv4": ["127.0.0.1", "10.1.2.3"]]

    static func job(
        _ jid: String = "20261206120000000001", target: MessagePackValue = "*", type: String = "glob",
        serial: Int64? = 1, extra: [MessagePackPair] = []
    ) -> JobPublication {
        JobPublication(
            jid: jid, function: "test.ping", arguments: [], target: target, targetType: type, user: "root",
            serial: serial, extra: extra)
    }

    static func frames(_ job: JobPublication, aes: Crypticle = aes, signer: RSAPrivateKey? = masterKey) throws -> [[UInt8]] {
        [try Publication.seal(job.load, aes: aes, signingKey: signer)]
    }

    func decide(_ dispatcher: inout MinionDispatcher, _ job: JobPublication) throws -> MinionDispatcher.Decision {
        dispatcher.dispatch(try Self.frames(job), credentials: Self.credentials) { Self.grains }
    }

    @Test func runsATargetedJobWithItsPublication() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        let job = Self.job(extra: [MessagePackPair("master_id", "m0")])
        #expect(try decide(&dispatcher, job) == .run(job))
    }

    @Test func refusesABadSignature() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        let forged = try Self.frames(Self.job(), signer: try RSAPrivateKey.generate())
        #expect(dispatcher.dispatch(forged, credentials: Self.credentials) { Self.grains }
            == .ignore(.refused(.badSignature("publication"))))
    }

    @Test func refusesAnOldOrRepeatedSerial() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        #expect(try decide(&dispatcher, Self.job("20261206120000000005", serial: 5)) == .run(Self.job("20261206120000000005", serial: 5)))
        #expect(try decide(&dispatcher, Self.job("20261206120000000006", serial: 5)) == .ignore(.replayedSerial(5)))
        #expect(try decide(&dispatcher, Self.job("20261206120000000007", serial: 3)) == .ignore(.replayedSerial(3)))
        #expect(dispatcher.state.lastSerial == 5)
    }

    @Test func refusesAJidItRanBeforeEvenUnderANewSerial() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        #expect(try decide(&dispatcher, Self.job(serial: 1)) == .run(Self.job(serial: 1)))
        #expect(try decide(&dispatcher, Self.job(serial: 2)) == .ignore(.seenJID("20261206120000000001")))
    }

    @Test func remembersOnlyTheLastHundredJobs() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        for index in 1...101 {
            _ = try decide(&dispatcher, Self.job("20261206120000" + String(100_000 + index), serial: Int64(index)))
        }
        #expect(dispatcher.state.recentJIDs.count == MinionDispatcher.rememberedJobs)
        let first = Self.job("20261206120000100001", serial: 102)
        #expect(try decide(&dispatcher, first) == .run(first))
    }

    @Test func ignoresJobsForOthers() throws {
        var dispatcher = MinionDispatcher(id: "db1")
        #expect(try decide(&dispatcher, Self.job(target: "web*")) == .ignore(.notTargeted))
        let topic = Publication.topic(for: "web1")
        let filtered = [topic, try Self.frames(Self.job())[0]]
        #expect(dispatcher.dispatch(filtered, credentials: Self.credentials) { Self.grains } == .ignore(.otherTopic))
    }

    @Test func asksToAuthenticateAgainWhenTheAESKeyChanged() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        let rotated = try Crypticle(keyString: Crypticle.generateKeyString())
        #expect(dispatcher.dispatch(try Self.frames(Self.job(), aes: rotated), credentials: Self.credentials) { Self.grains }
            == .reauthenticate)
    }

    @Test func aNewAESKeyStartsTheSerialOver() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        #expect(try decide(&dispatcher, Self.job("20261206120000000009", serial: 9)) != .ignore(.replayedSerial(9)))
        let rotated = AuthCredentials(
            aes: try Crypticle(keyString: Crypticle.generateKeyString()), session: Self.credentials.session,
            publishPort: 4505, masterKey: Self.masterKey.publicKey)
        let next = Self.job("20261206120000000010", serial: 1)
        #expect(dispatcher.dispatch(try Self.frames(next, aes: rotated.aes), credentials: rotated) { Self.grains } == .run(next))
    }

    /// Two masters, each with its own AES key and counter: each key's serial is kept apart, so
    /// alternating publications are all new while a replay under either key is still refused, and a
    /// job both masters publish runs once.
    @Test func keepsASerialPerMasterAndOneJidWindow() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        let other = AuthCredentials(
            aes: try Crypticle(keyString: Crypticle.generateKeyString()), session: Self.credentials.session,
            publishPort: 4505, masterKey: Self.masterKey.publicKey)
        func fromB(_ job: JobPublication) throws -> MinionDispatcher.Decision {
            dispatcher.dispatch(try Self.frames(job, aes: other.aes), credentials: other) { Self.grains }
        }
        let a7 = Self.job("20261206120000000001", serial: 7)
        #expect(try decide(&dispatcher, a7) == .run(a7))
        let b2 = Self.job("20261206120000000002", serial: 2)
        #expect(try fromB(b2) == .run(b2))
        let a8 = Self.job("20261206120000000003", serial: 8)
        #expect(try decide(&dispatcher, a8) == .run(a8))
        #expect(try decide(&dispatcher, Self.job("20261206120000000004", serial: 7)) == .ignore(.replayedSerial(7)))
        #expect(try fromB(Self.job("20261206120000000005", serial: 2)) == .ignore(.replayedSerial(2)))
        #expect(try fromB(Self.job("20261206120000000003", serial: 3)) == .ignore(.seenJID("20261206120000000003")))
        let restored = try MinionDispatcher.State(decoding: dispatcher.state.encoded)
        #expect(restored == dispatcher.state)
        #expect(restored.serials.count == 2)
    }

    @Test func readsAReplayStateWrittenForOneMaster() throws {
        let old = MessagePack.encode(["aes_key_sha256": "ab12", "serial": 41, "jids": ["20261206120000000001"]])
        let state = try MinionDispatcher.State(decoding: old)
        #expect(state.serials == [MinionDispatcher.KeySerial(aesKeyDigest: "ab12", serial: 41)])
        #expect(state.recentJIDs == ["20261206120000000001"])
    }

    @Test func waitsForCredentials() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        #expect(dispatcher.dispatch(try Self.frames(Self.job()), credentials: nil) { Self.grains } == .ignore(.notAuthenticated))
    }

    @Test func refusesWhatIsNotAJob() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        let noFunction = try Publication.seal(["jid": "20261206120000000001", "tgt": "*"], aes: Self.aes, signingKey: Self.masterKey)
        #expect(dispatcher.dispatch([noFunction], credentials: Self.credentials) { Self.grains }
            == .ignore(.refused(.missingField("fun"))))
        let garbage = dispatcher.dispatch([[0xc1]], credentials: Self.credentials) { Self.grains }
        guard case .ignore(.refused(.malformed)) = garbage else {
            Issue.record("undecodable frame: \(garbage)")
            return
        }
        #expect(try decide(&dispatcher, Self.job(type: "range")) == .ignore(.unknownTargetType("range")))
    }

    /// Every target type a master publishes, matching and not matching this minion.
    @Test(arguments: [
        ("web*", "glob", true), ("db*", "glob", false),
        ("^web[0-9]$", "pcre", true), ("^db", "pcre", false),
        ("os:Debian", "grain", true), ("os:Ubuntu", "grain", false),
        ("roles:w.b", "grain_pcre", true), ("roles:^d$", "grain_pcre", false),
        ("10.1.0.0/16", "ipcidr", true), ("192.168.0.0/16", "ipcidr", false),
        ("G@os:Debian and web*", "compound", true), ("G@os:Debian and not web*", "compound", false),
        ("role:web", "pillar", false),
    ] as [(String, String, Bool)])
    func matchesEachTargetType(expression: String, type: String, matches: Bool) throws {
        var dispatcher = MinionDispatcher(id: "web1")
        let job = Self.job(target: .text(expression), type: type)
        #expect(try decide(&dispatcher, job) == (matches ? .run(job) : .ignore(.notTargeted)))
    }

    @Test func matchesAListTarget() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        let job = Self.job(target: ["db1", "web1"], type: "list")
        #expect(try decide(&dispatcher, job) == .run(job))
        var other = MinionDispatcher(id: "web2")
        #expect(try decide(&other, job) == .ignore(.notTargeted))
    }

    @Test func readsGrainsOnlyForTargetsThatNeedThem() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        var reads = 0
        _ = dispatcher.dispatch(try Self.frames(Self.job(serial: 1)), credentials: Self.credentials) {
            reads += 1
            return Self.grains
        }
        #expect(reads == 0)
        _ = dispatcher.dispatch(try Self.frames(Self.job("20261206120000000002", target: "os:Debian", type: "grain", serial: 2)), credentials: Self.credentials) {
            reads += 1
            return Self.grains
        }
        #expect(reads == 1)
    }
}
