/// Whether a minion holds a connection to the master's publish port, as the master last saw it:
/// what `brine` reports for a silent minion and `manage.present` lists.
public enum MinionConnection: String, Sendable {
    case connected, disconnected, unknown
}
