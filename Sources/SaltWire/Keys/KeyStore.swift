public import BrineCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The master's pki dir in Salt's layout (`minions/`, `minions_pre/`, `minions_rejected/`,
/// `minions_denied/`, `master.pem`, `master.pub`), so an existing Salt pki dir works as is and
/// `brine-key` and the running master can both use it. Safe to share between threads.
public final class KeyStore: Sendable {
    public let pkiDir: String
    private let verified = VerifiedTokens()
    /// Told each change this store makes (a key stored, moved, deleted): masters that share their key
    /// states in a database pass it on. Nil for a pki dir of its own.
    private let onChange: (@Sendable (KeyChange) -> Void)?

    public init(pkiDir: String, onChange: (@Sendable (KeyChange) -> Void)? = nil) throws {
        self.pkiDir = pkiDir
        self.onChange = onChange
        for directory in [pkiDir] + KeyState.allCases.map({ pkiDir + "/" + $0.rawValue }) {
            guard FileSystem.makeDirectories(directory, mode: 0o700) else {
                throw FileSystem.Failure(path: directory, operation: "mkdir", code: errno)
            }
        }
    }

    public func path(_ id: String, _ state: KeyState) -> String {
        pkiDir + "/" + state.rawValue + "/" + id
    }

    /// The state of an id; an id found in several places reports the most decisive one.
    public func state(of id: String) -> KeyState? {
        [KeyState.rejected, .accepted, .pending, .denied].first { FileSystem.exists(path(id, $0)) }
    }

    public func ids(_ state: KeyState) -> [String] {
        FileSystem.list(pkiDir + "/" + state.rawValue).filter(MinionID.isValid)
    }

    /// The PEM text stored for an id, normalised as Salt's `clean_key`; nil when there is none. A file
    /// that is there but cannot be read (no file descriptor left, say) throws: the caller must not
    /// take that for a different key.
    public func storedPEM(_ id: String, _ state: KeyState) throws(FileSystem.Failure) -> String? {
        do {
            return Self.clean(try FileSystem.readString(path(id, state)))
        } catch where error.code == ENOENT {
            return nil
        }
    }

    /// The accepted key of a minion, read and parsed on each call (the master needs it only to answer
    /// `_auth` and `_pillar`).
    public func acceptedKey(_ id: String) -> RSAPublicKey? {
        guard let pem = try? storedPEM(id, .accepted) else { return nil }
        return try? RSAPublicKey(pem: pem)
    }

    /// Whether `token` is the accepted key's signature of `salt` (`MinionToken`). Every request carries
    /// the token and it never changes for a key, so the last verified token is remembered per key file
    /// rather than the parsed key, which costs several KB of OpenSSL memory per minion.
    public func verifies(_ token: [UInt8], of id: String) -> Bool {
        guard let stamp = FileStamp(path(id, .accepted)) else {
            verified.forget(id)
            return false
        }
        let digest = Digest.sha256(token)
        if verified.matches(id, stamp: stamp, tokenDigest: digest) { return true }
        guard let key = acceptedKey(id), MinionToken.verify(token, with: key) else { return false }
        verified.remember(id, stamp: stamp, tokenDigest: digest)
        return true
    }

    public func store(_ id: String, pem: String, in state: KeyState) throws {
        try FileSystem.write(path(id, state), Self.clean(pem) + "\n", mode: 0o644)
        onChange?(KeyChange(id: id, state: state, pem: Self.clean(pem)))
    }

    public func move(_ id: String, from source: KeyState, to destination: KeyState) throws {
        let pem = onChange == nil ? nil : try storedPEM(id, source)
        try FileSystem.move(path(id, source), to: path(id, destination))
        onChange?(KeyChange(id: id, state: destination, pem: pem))
    }

    /// Removes an id from every state; returns whether anything was removed.
    @discardableResult
    public func delete(_ id: String) -> Bool {
        var removed = false
        for state in KeyState.allCases where FileSystem.remove(path(id, state)) { removed = true }
        verified.forget(id)
        if removed { onChange?(KeyChange(id: id, state: nil, pem: nil)) }
        return removed
    }

    /// The master's own key pair, made on first start (`master.pem` mode 0400, `master.pub`).
    public func masterKey() throws -> RSAPrivateKey {
        let privatePath = pkiDir + "/master.pem"
        if let pem = try? FileSystem.readString(privatePath) {
            return try RSAPrivateKey(pem: pem)
        }
        let key = try RSAPrivateKey.generate(bits: 2048)
        try FileSystem.write(privatePath, key.pkcs1PEM, mode: 0o400)
        try FileSystem.write(pkiDir + "/master.pub", key.publicKey.pem, mode: 0o644)
        return key
    }

    /// Salt's `clean_key`: trimmed, `\n` line endings.
    public static func clean(_ pem: String) -> String {
        pem.replacingCRLF().trimmingWhitespace()
    }
}

/// Identifies a file's version cheaply (a stat), to know when something remembered about it is stale.
/// The inode tells apart two same-sized keys written within one clock tick (files are replaced by
/// rename, so a new version is a new inode).
struct FileStamp: Equatable {
    let inode: UInt
    let modified: Int
    let nanoseconds: Int
    let size: Int

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt(info.st_ino)
        modified = info.st_mtim.tv_sec
        nanoseconds = info.st_mtim.tv_nsec
        size = Int(info.st_size)
    }
}

extension String {
    func replacingCRLF() -> String {
        guard contains("\r") else { return self }
        return String(unicodeScalars.filter { $0 != "\r" }.map(Character.init))
    }

    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
