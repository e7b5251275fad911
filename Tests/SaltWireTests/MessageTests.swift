import MessagePack
import SaltWire
import Testing

/// The typed messages: what one side builds, the other reads back; what a stock Salt peer adds
/// passes through; what is malformed is refused with the field named.
@Suite("Typed Salt messages")
struct MessageTests {
    static let masterKey = try! RSAPrivateKey.generate()
    static let minionKey = try! RSAPrivateKey.generate()

    /// A stock 3008 master's publication, with fields Brine does not name.
    static let stockPublication: MessagePackValue = [
        "fun": "test.arg", "arg": ["a", ["__kwarg__": true, "x": 1]], "tgt": "web*", "jid": "20261206120000000001",
        "ret": "", "tgt_type": "glob", "user": "sudo_alice", "master_id": "master0", "start_event": true,
        "metadata": ["ticket": 42], "serial": 7,
    ]

    @Test func publicationKeepsUnknownFieldsAndReadsTheKnownOnes() throws {
        let job = try JobPublication(load: Self.stockPublication)
        #expect(job.jid == "20261206120000000001")
        #expect(job.functionName == "test.arg")
        #expect(job.targetType == "glob")
        #expect(job.user == "sudo_alice")
        #expect(job.serial == 7)
        #expect(job.metadata == ["ticket": 42])
        #expect(job.extra.map(\.key) == ["master_id", "start_event"])
        let again = try JobPublication(load: job.load)
        #expect(again == job)
        #expect(Set(job.load.mapValue!.map(\.key)) == Set(Self.stockPublication.mapValue!.map(\.key)))
    }

    @Test func publicationDefaultsAndRefusals() throws {
        let bare = try JobPublication(load: ["fun": "test.ping", "tgt": "*", "jid": "20261206120000000001"])
        #expect(bare.targetType == "glob")
        #expect(bare.arguments.isEmpty)
        #expect(throws: WireError.missingField("jid")) { try JobPublication(load: ["fun": "test.ping", "tgt": "*"]) }
        #expect(throws: WireError.missingField("fun")) { try JobPublication(load: ["fun": 1, "tgt": "*", "jid": "1"]) }
        #expect(throws: WireError.malformed("a publication is not a map")) { try JobPublication(load: "x") }
        let oddUser = try JobPublication(load: ["fun": "f", "tgt": "*", "jid": "1", "user": 5])
        #expect(oddUser.user == nil)
        #expect(oddUser.extra == [MessagePackPair("user", 5)], "a known key of an unexpected kind passes through")
    }

    @Test func returnCarriesWhatSaltsMinionCopiesFromThePublication() throws {
        let job = try JobPublication(load: Self.stockPublication)
        let ret = JobReturn(answering: job, value: ["args": ["a"]], retcode: 0, success: true, outputter: nil, stamp: "2026-12-06T12:00:00.000000+00:00")
        let load = ret.load()
        #expect(load.mapValue!.map(\.key) == ["cmd", "success", "return", "retcode", "jid", "fun", "fun_args", "user", "master_id", "metadata", "_stamp"])
        #expect(load["master_id"] == "master0")
        #expect(load["fun_args"] == Self.stockPublication["arg"])
        #expect(try JobReturn(load: ret.load(minion: "web1")) == ret)
        #expect(ret.load(minion: "web1").mapValue!.map(\.key).prefix(2) == ["cmd", "id"])
    }

    @Test func returnAsAStockMasterReadsIt() throws {
        let minimal = try JobReturn(load: ["cmd": "_return", "id": "m1", "jid": "20261206120000000001", "return": false, "ts": 1])
        #expect(minimal.retcode == 0 && minimal.success)
        #expect(minimal.extra == [MessagePackPair("ts", 1)])
        let failed = try JobReturn(load: ["jid": "1", "return": "x", "retcode": 2])
        #expect(failed.failed && !failed.success)
        #expect(throws: WireError.missingField("return")) { try JobReturn(load: ["jid": "1"]) }
    }

    @Test(arguments: [
        (EventTag.jobReturn(jid: "20261206120000000001", minion: "web1"), "salt/job/20261206120000000001/ret/web1"),
        (.jobNew(jid: "20261206120000000001"), "salt/job/20261206120000000001/new"),
        (.jobPublished(jid: "20261206120000000001"), "salt/job/20261206120000000001/publish"),
        (.auth, "salt/auth"), (.minionStart(id: "web1"), "salt/minion/web1/start"), (.legacyMinionStart, "minion_start"),
        (.other("salt/key"), "salt/key"), (.other("salt/job/x/ret/"), "salt/job/x/ret/"), (.other("salt/job//new"), "salt/job//new"),
    ] as [(EventTag, String)])
    func eventTagsBuildAndParseInOnePlace(tag: EventTag, text: String) {
        #expect(tag.description == text)
        #expect(EventTag(text) == tag)
    }

    @Test func eventTagJobs() {
        #expect(EventTag("salt/job/20261206120000000001/prog/web1/0").jid == "20261206120000000001")
        #expect(EventTag("salt/job/20261206120000000001/prog/web1/0").isJobTag)
        #expect(EventTag("salt/auth").jid == nil)
        #expect(EventTag("salt/job/1/ret/a/b") == .jobReturn(jid: "1", minion: "a/b"))
    }

    /// Tags are read as bytes: an empty part is no job or minion, and a combining mark does not hide a
    /// separator as it would in a comparison of characters.
    @Test func eventTagsParsedByBytes() {
        for text in ["salt/job//ret/web1", "salt/job/1/ret/", "salt/job/1", "salt/minion//start", "salt/minion/start", "salt/job/1/news"] {
            #expect(EventTag(text) == .other(text), "\(text)")
        }
        #expect(EventTag("salt/job/1/ret/w\u{301}eb") == .jobReturn(jid: "1", minion: "w\u{301}eb"))
        #expect(EventTag("salt/job/\u{301}1/new") == .jobNew(jid: "\u{301}1"))
        #expect(EventTag("salt/minion/web/1/start") == .minionStart(id: "web/1"))
    }

    @Test func sessionRequestSealedByTheMinionOpensOnTheMaster() throws {
        let session = try Crypticle(keyString: Crypticle.generateKeyString())
        let token = try MinionToken.make(Self.minionKey)
        let frame = SessionRequest.seal(["cmd": "_return", "id": "stale"], id: "web1", nonce: "n".padding(32), time: 5, token: token, session: session)
        let envelope = try MessagePack.decode(frame)
        #expect(envelope["enc"] == "aes" && envelope["id"] == "web1" && envelope["version"] == 3)
        let request = try SessionRequest.open(envelope) { $0 == "web1" ? session : nil }
        #expect(request.id == "web1")
        #expect(request.nonce == "n".padding(32))
        #expect(request.token == token)
        #expect(request.command == "_return")
        #expect(request.load == ["cmd": "_return", "id": "web1", "ts": 5], "nonce and tok are the channel's; one id")
    }

    @Test func sessionRequestRefusals() throws {
        let session = try Crypticle(keyString: Crypticle.generateKeyString())
        let frame = SessionRequest.seal(["cmd": "_return"], id: "web1", nonce: Nonce.make(), time: 5, token: [1], session: session)
        var envelope = try MessagePack.decode(frame)
        #expect(throws: WireError.noSession("web1")) { try SessionRequest.open(envelope) { _ in nil } }
        let other = try Crypticle(keyString: Crypticle.generateKeyString())
        #expect(throws: WireError.self) { try SessionRequest.open(envelope) { _ in other } }
        envelope["id"] = "web2"
        #expect(throws: WireError.invalidID("load id differs from envelope id web2")) { try SessionRequest.open(envelope) { _ in session } }
        envelope["id"] = "../etc"
        #expect(throws: WireError.self) { try SessionRequest.open(envelope) { _ in session } }
        let noToken = MessagePack.encode(Envelope.aes(id: "web1", ciphertext: session.dumps(["cmd": "x", "id": "web1", "nonce": "n"])))
        #expect(throws: WireError.missingField("tok")) { try SessionRequest.open(try MessagePack.decode(noToken)) { _ in session } }
    }

    @Test func sessionRepliesInTheirThreeForms() throws {
        let credentials = AuthCredentials(
            aes: try Crypticle(keyString: Crypticle.generateKeyString()),
            session: try Crypticle(keyString: Crypticle.generateKeyString()), publishPort: 4505, masterKey: Self.masterKey.publicKey)
        let nonce = Nonce.make()
        let sent = SessionReply.seal(true, nonce: nonce, session: credentials.session)
        #expect(try SessionReply.open(sent, nonce: nonce, credentials: credentials, minionKey: Self.minionKey) == true)
        #expect(throws: WireError.nonceMismatch) { try SessionReply.open(sent, nonce: Nonce.make(), credentials: credentials, minionKey: Self.minionKey) }
        #expect(throws: WireError.badLoad) {
            try SessionReply.open(MessagePack.encode(Envelope.badLoad), nonce: nonce, credentials: credentials, minionKey: Self.minionKey)
        }
        let sealed = try PrivateReply.seal(
            ["role": "web"], nonce: nonce, minionKey: Self.minionKey.publicKey, masterKey: Self.masterKey, encryption: .sha1, signing: .sha1)
        #expect(try SessionReply.open(sealed, nonce: nonce, credentials: credentials, minionKey: Self.minionKey) == ["role": "web"])
        let impostor = try PrivateReply.seal(
            [:], nonce: nonce, minionKey: Self.minionKey.publicKey, masterKey: try RSAPrivateKey.generate(), encryption: .sha1, signing: .sha1)
        #expect(throws: WireError.badSignature("the private reply")) {
            try SessionReply.open(impostor, nonce: nonce, credentials: credentials, minionKey: Self.minionKey)
        }
    }

    @Test func minionStartupIsSaltsSequence() throws {
        let requests = MinionStartup.requests(id: "web1", grains: ["os": "Debian"], startedAt: "Sun Dec  6 12:00:00 2026")
        #expect(requests.map { $0.string("cmd") } == ["_pillar", "_minion_event", "_register_resources", "_minion_event"])
        #expect(requests.map { $0.string("tag") } == [nil, "minion_start", nil, "salt/minion/web1/start"])
        #expect(requests[1]["data"] == "Minion web1 started at Sun Dec  6 12:00:00 2026")
        #expect(requests[0]["ver"] == "2")
        guard case .pillar(let pillar) = try MinionRequest(requests[0]) else { Issue.record("not a pillar request"); return }
        #expect(pillar.grains == ["os": "Debian"] && pillar.wantsPrivateReply)
        guard case .event(let event) = try MinionRequest(requests[3]) else { Issue.record("not an event"); return }
        #expect(event.single?.tag == "salt/minion/web1/start")
        guard case .registerResources = try MinionRequest(requests[2]) else { Issue.record("not _register_resources"); return }
    }

    @Test func localCommandsRoundTrip() throws {
        var publish = PublishRequest(target: ["a", "b"], targetType: "list", function: "test.echo", arguments: ["hi"], user: "alice", watch: true)
        publish.metadata = ["ticket": 1]
        let commands: [LocalCommand] = [
            .publish(publish), .resolve(target: "G@os:Debian", targetType: "compound", delimiter: "|"), .presence(["a", "b"]),
            .unwatch, .keysChanged(removed: ["a"], rotate: true), .ping,
        ]
        for command in commands {
            #expect(try LocalCommand(decoding: command.encoded) == command)
        }
        #expect(throws: WireError.malformed("unknown command 'shutdown'")) { try LocalCommand(decoding: MessagePack.encode(["cmd": "shutdown"])) }
        let reply = PublishReply.published(jid: "20261206120000000001", minions: ["a"])
        #expect(PublishReply(reply.body) == reply)
        #expect(PublishReply(PublishReply.refused("no").body) == .refused("no"))
        for message in [LocalMessage.reply(["ok": true]), .event(tag: "salt/job/1/ret/a", data: ["return": true], minion: "a")] {
            #expect(LocalMessage(decoding: message.encoded) == message)
        }
    }

    @Test func authRequestReadsWhatTheMinionSends() throws {
        let envelope = try AuthRequest.make(
            id: "web1", minionKey: Self.minionKey, masterKey: Self.masterKey.publicKey, token: "tok", nonce: "n")
        let request = try AuthRequest(load: envelope["load"]!)
        #expect(request.id == "web1" && request.nonce == "n")
        #expect(request.encryption == "OAEP-SHA1" && request.signing == "PKCS1v15-SHA1")
        #expect(request.publicKeyPEM == Self.minionKey.publicKey.cleanPEM)
        #expect(try Self.masterKey.decryptOAEP(request.token ?? [], hash: .sha1) == Array("tok".utf8))
        #expect(throws: WireError.missingField("id")) { try AuthRequest(load: ["cmd": "_auth"]) }
    }
}

extension String {
    fileprivate func padding(_ length: Int) -> String {
        String(repeating: self, count: length)
    }
}
