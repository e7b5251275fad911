/// The master's key does not have the fingerprint the minion's `master_finger` names: a master this
/// minion must not trust (a rogue one, or a man in the middle). The key is not pinned and brine-minion
/// exits with Salt's status for it, 42, so a supervisor does not hide the refusal in a retry loop.
public struct MasterFingerMismatch: Error, CustomStringConvertible {
    public static let exitStatus: Int32 = 42

    public let configured: String
    public let actual: String

    public var description: String {
        "The specified fingerprint in the minion configuration file:\n\(configured)\nDoes not match the authenticating master's key:\n\(actual)\nVerify that the configured fingerprint matches the fingerprint of the correct master and that this minion is not subject to a man-in-the-middle attack."
    }

    /// Throws unless `fingerprint` is the configured one (compared without regard to case).
    static func check(_ fingerprint: String, against configured: String?) throws(MasterFingerMismatch) {
        guard let configured, fingerprint.lowercased() != configured.lowercased() else { return }
        throw MasterFingerMismatch(configured: configured, actual: fingerprint)
    }
}
