import BrineCore
public import SaltWire
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One simulated minion's id, RSA key and `tok`, kept under the key dir as `<id>.pem` and `<id>.tok`.
/// A 2048-bit key takes 50–100 ms to make and the token is one more private-key operation, so both are
/// made once and read back on every later run: 10,000 minions start in seconds instead of minutes.
public struct SwarmIdentity: Sendable {
    public let id: String
    public let key: RSAPrivateKey
    /// The X9.31 signature of `salt` every session-encrypted request carries.
    public let token: [UInt8]

    /// Loads (or makes and stores) the identities of `ids`, spread over `threads` threads because key
    /// generation is CPU-bound. Returns them in the order of `ids`, and how many keys were made.
    public static func load(ids: [String], directory: String, threads: Int) throws -> (identities: [SwarmIdentity], generated: Int) {
        guard FileSystem.makeDirectories(directory, mode: 0o700) else {
            throw FileSystem.Failure(path: directory, operation: "mkdir", code: errno)
        }
        let results = Slots(count: ids.count)
        let workers = (0..<max(1, min(threads, ids.count))).map { worker in
            DaemonThread {
                for index in stride(from: worker, to: ids.count, by: max(1, min(threads, ids.count))) {
                    results.set(index, Result { try loadOrCreate(ids[index], directory: directory) })
                }
            }
        }
        for worker in workers { worker.join() }
        var identities: [SwarmIdentity] = []
        var generated = 0
        for result in results.all {
            let (identity, made) = try result.get()
            identities.append(identity)
            if made { generated += 1 }
        }
        return (identities, generated)
    }

    private static func loadOrCreate(_ id: String, directory: String) throws -> (SwarmIdentity, Bool) {
        let keyPath = directory + "/" + id + ".pem"
        let tokenPath = directory + "/" + id + ".tok"
        var made = false
        let key: RSAPrivateKey
        if let pem = try? FileSystem.readString(keyPath) {
            key = try RSAPrivateKey(pem: pem)
        } else {
            key = try RSAPrivateKey.generate(bits: 2048)
            try FileSystem.write(keyPath, key.pkcs1PEM, mode: 0o600)
            FileSystem.remove(tokenPath)
            made = true
        }
        var token = (try? FileSystem.read(tokenPath)) ?? []
        if token.count != key.modulusBytes {
            token = try MinionToken.make(key)
            try FileSystem.write(tokenPath, token, mode: 0o600)
        }
        return (SwarmIdentity(id: id, key: key, token: token), made)
    }

    /// One result per id, filled by the generating threads.
    private final class Slots: Sendable {
        private let slots: Mutex<[Result<(SwarmIdentity, Bool), any Error>?]>

        init(count: Int) {
            slots = Mutex(Array(repeating: nil, count: count))
        }

        func set(_ index: Int, _ result: Result<(SwarmIdentity, Bool), any Error>) {
            slots.withLock { $0[index] = result }
        }

        var all: [Result<(SwarmIdentity, Bool), any Error>] {
            slots.withLock { $0.map { $0! } }
        }
    }
}
