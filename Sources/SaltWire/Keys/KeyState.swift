/// Where a minion's key sits in the master's pki dir; the raw value is Salt's directory name.
public enum KeyState: String, Sendable, CaseIterable {
    case accepted = "minions"
    case pending = "minions_pre"
    case rejected = "minions_rejected"
    case denied = "minions_denied"

    /// The heading `salt-key -L` prints for this state.
    public var heading: String {
        switch self {
        case .accepted: return "Accepted Keys:"
        case .pending: return "Unaccepted Keys:"
        case .rejected: return "Rejected Keys:"
        case .denied: return "Denied Keys:"
        }
    }
}
