import BrineCore

/// Users and groups as `/etc/passwd` and `/etc/group` list them, read fresh on each call (they are
/// small and change under us). The files rather than `getpwnam`: those calls are not thread-safe
/// and jobs run on threads.
enum Accounts {
    struct User {
        let name: String
        let password: String
        let uid: Int
        let gid: Int
        let gecos: String
        let home: String
        let shell: String
    }

    struct Group {
        let name: String
        let gid: Int
        let members: [String]
    }

    static func users() -> [User] {
        records("/etc/passwd").compactMap { fields in
            guard fields.count >= 7, let uid = Int(fields[2]), let gid = Int(fields[3]) else { return nil }
            return User(name: fields[0], password: fields[1], uid: uid, gid: gid, gecos: fields[4], home: fields[5], shell: fields[6])
        }
    }

    static func groups() -> [Group] {
        records("/etc/group").compactMap { fields in
            guard fields.count >= 4, let gid = Int(fields[2]) else { return nil }
            return Group(name: fields[0], gid: gid, members: fields[3].split(separator: ",").map(String.init))
        }
    }

    static func user(named name: String) -> User? {
        users().first { $0.name == name }
    }

    static func userName(uid: Int) -> String? {
        users().first { $0.uid == uid }?.name
    }

    static func groupName(gid: Int) -> String? {
        groups().first { $0.gid == gid }?.name
    }

    /// The groups a user is in, primary group included, sorted (Salt's `get_group_list`).
    static func groupNames(of user: User) -> [String] {
        let names = groups().filter { $0.gid == user.gid || $0.members.contains(user.name) }.map(\.name)
        return Array(Set(names)).sorted()
    }

    private static func records(_ path: String) -> [[String]] {
        guard let text = try? FileSystem.readString(path) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
