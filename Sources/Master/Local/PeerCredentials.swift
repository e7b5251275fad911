#if canImport(Glibc)
import Glibc
#endif

/// Who sent a command on the master's ipc socket: the uid, gid and pid the kernel reported for the
/// connection (`SO_PEERCRED`, through libzmq's `Peer-Address`), and the user's name and groups.
/// Nothing the tool says about itself counts.
struct PeerCredentials: Sendable, Equatable {
    let uid: uid_t
    let gid: gid_t
    let pid: pid_t
    let user: String
    /// Names of the groups the user belongs to (primary and supplementary), as the group database says.
    let groups: [String]

    /// From a `Peer-Address` of the form `<address>:uid:gid:pid` (the address part is empty for ipc).
    init?(peerAddress: String?) {
        guard let parts = peerAddress?.split(separator: ":", omittingEmptySubsequences: false), parts.count >= 3,
              let uid = UInt32(parts[parts.count - 3]), let gid = UInt32(parts[parts.count - 2]),
              let pid = Int32(parts[parts.count - 1])
        else { return nil }
        self.init(uid: uid, gid: gid, pid: pid)
    }

    init(uid: uid_t, gid: gid_t, pid: pid_t) {
        self.uid = uid
        self.gid = gid
        self.pid = pid
        guard let entry = getpwuid(uid) else {
            user = String(uid)
            groups = Self.name(ofGroup: gid).map { [$0] } ?? []
            return
        }
        user = String(cString: entry.pointee.pw_name)
        groups = Self.groups(of: entry.pointee.pw_name, primary: entry.pointee.pw_gid)
    }

    private static func name(ofGroup gid: gid_t) -> String? {
        guard let entry = getgrgid(gid) else { return nil }
        return String(cString: entry.pointee.gr_name)
    }

    private static func groups(of user: UnsafeMutablePointer<CChar>, primary: gid_t) -> [String] {
        var count: Int32 = 64
        var ids = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(user, primary, &ids, &count) < 0 {
            ids = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(user, primary, &ids, &count)
        }
        return ids.prefix(Int(max(count, 0))).compactMap(name(ofGroup:))
    }
}
