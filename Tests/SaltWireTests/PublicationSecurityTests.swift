import BrineCore
import MessagePack
import SaltWire
import Testing

/// What a brine-minion refuses on its publish socket, and the pki dir's limits on ids.
@Suite("Publication and key security")
struct PublicationSecurityTests {
    /// A publication whose signature was stripped is refused: the AES key is shared by every minion,
    /// so without the master's signature any of them could forge jobs for all the others.
    @Test func refusesAnUnsignedPublication() throws {
        var dispatcher = MinionDispatcher(id: "web1")
        let unsigned = try MinionDispatcherTests.frames(MinionDispatcherTests.job(), signer: nil)
        #expect(dispatcher.dispatch(unsigned, credentials: MinionDispatcherTests.credentials) { [:] }
            == .ignore(.refused(.badSignature("publication"))))
    }

    /// A stock minion with `sign_pub_messages: False` semantics (Salt's minion default) takes them.
    @Test func takesAnUnsignedPublicationWhenToldTo() throws {
        var dispatcher = MinionDispatcher(id: "web1", requireSignature: false)
        let job = MinionDispatcherTests.job()
        let unsigned = try MinionDispatcherTests.frames(job, signer: nil)
        #expect(dispatcher.dispatch(unsigned, credentials: MinionDispatcherTests.credentials) { [:] } == .run(job))
    }

    /// The longest valid id is stored and found again (its temporary file name once was too long).
    @Test func storesTheLongestValidID() throws {
        let root = try makeDirectory()
        let keys = try KeyStore(pkiDir: root + "/pki")
        let id = String(repeating: "a", count: MinionID.maxLength)
        #expect(MinionID.isValid(id))
        try keys.store(id, pem: MinionDispatcherTests.masterKey.publicKey.pem, in: .pending)
        #expect(keys.ids(.pending) == [id])
    }

    /// An id starting with a dot would be a hidden file that no listing shows: refused like '..'.
    @Test func refusesDotIDs() {
        #expect(!MinionID.isValid(".hidden"))
        #expect(MinionID.isValid("web.example.com"))
    }

    private func makeDirectory() throws -> String {
        let path = "/tmp/brine-pubsec-\(Nonce.make())"
        #expect(FileSystem.makeDirectories(path))
        return path
    }
}
