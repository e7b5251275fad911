import MessagePack

/// `user.*`: the local accounts, from `/etc/passwd` and `/etc/group`.
enum UserModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "user.info",
                doc: "Return a user's account: name, uid, gid, home, shell, passwd, groups (primary included) and the GECOS fields fullname, roomnumber, workphone, homephone and other. An unknown user gives {}.\n\nCLI Example:\n\n    brine '*' user.info root",
                parameters: [Parameter("name", .string)]
            ) { arguments, _ in
                guard let user = Accounts.user(named: try arguments.string("name")) else { return [:] }
                var gecos = user.gecos.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
                while gecos.count < 5 { gecos.append("") }
                return [
                    "gid": .int(Int64(user.gid)), "groups": .array(Accounts.groupNames(of: user).map(MessagePackValue.text)),
                    "home": .text(user.home), "name": .text(user.name), "passwd": .text(user.password), "shell": .text(user.shell),
                    "uid": .int(Int64(user.uid)), "fullname": .text(gecos[0]), "roomnumber": .text(gecos[1]),
                    "workphone": .text(gecos[2]), "homephone": .text(gecos[3]), "other": .text(gecos[4]),
                ]
            },
            ExecutionFunction(
                "user.list_users", doc: "Return the names of all local users, sorted.\n\nCLI Example:\n\n    brine '*' user.list_users"
            ) { _, _ in
                .array(Accounts.users().map(\.name).sorted().map(MessagePackValue.text))
            },
        ]
    }
}
