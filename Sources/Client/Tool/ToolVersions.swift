public import BuildInfo
import JobCache
import SaltWire
import YAML
import ZeroMQ

/// The libraries the command-line tools link, for `--versions-report`.
public enum ToolVersions {
    public static var all: [VersionsReport.Dependency] {
        [
            ("libyaml", YAMLValue.libraryVersion),
            ("libzmq", ZMQContext.libraryVersion),
            ("OpenSSL", CryptoLibrary.version),
            ("SQLite", JobCache.sqliteVersion),
        ]
    }
}
