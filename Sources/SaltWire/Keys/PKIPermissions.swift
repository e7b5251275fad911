import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// Salt's rule for a daemon's pki dir and private key: nobody but the daemon's user reads them
/// (`permissive_pki_access: False`, the default), or its group too (`True`). A looser mode is
/// tightened at start and reported; one that cannot be tightened (another user owns the file)
/// stops the daemon, since its key may already be read by anyone.
public struct PKIPermissions {
    public let pkiDir: String
    /// Private key files, relative to `pkiDir` (`master.pem`, `minion.pem`).
    public let privateKeys: [String]
    public let permissive: Bool

    public init(pkiDir: String, privateKeys: [String], permissive: Bool) {
        self.pkiDir = pkiDir
        self.privateKeys = privateKeys
        self.permissive = permissive
    }

    /// The mode bits never allowed: world, and group unless permissive.
    private var forbidden: mode_t { permissive ? 0o007 : 0o077 }

    /// Tightens what is too open; returns one line per change, for the log.
    public func secure() throws -> [String] {
        var notices: [String] = []
        for path in [pkiDir] + privateKeys.map({ pkiDir + "/" + $0 }) {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            let mode = info.st_mode & 0o7777
            guard mode & forbidden != 0 else { continue }
            let tightened = mode & ~forbidden
            guard chmod(path, tightened) == 0 else {
                throw ConfigError(
                    "\(path) is readable by other users (mode \(Self.octal(mode))) and cannot be tightened: \(String(cString: strerror(errno))); set its mode to \(Self.octal(tightened)), or permissive_pki_access: True to allow its group")
            }
            notices.append("\(path) was readable by other users (mode \(Self.octal(mode))); tightened to \(Self.octal(tightened)) (permissive_pki_access: \(permissive ? "True" : "False"))")
        }
        return notices
    }

    static func octal(_ mode: mode_t) -> String {
        "0" + String(mode, radix: 8)
    }
}
