import BrineCore
import MessagePack
import PythonRules

/// `network.*`: interfaces, addresses, sockets and routes of the host, read from the kernel rather
/// than from `ip`/`netstat` output (same shapes as Salt's), plus `ping` through the system's ping.
enum NetworkModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "network.interfaces",
                doc: "Return every network interface with its state, MAC address and addresses: {name: {up, hwaddr, inet: [{address, netmask, broadcast, label}], inet6: [{address, prefixlen, scope}]}}.\n\nCLI Example:\n\n    brine '*' network.interfaces"
            ) { _, _ in
                interfaces()
            },
            ExecutionFunction(
                "network.ip_addrs",
                doc: "Return the host's IPv4 addresses, sorted. interface narrows to interfaces (comma-separated globs), include_loopback adds 127.x, cidr keeps the addresses in a network, type=public or type=private keeps only those.\n\nCLI Example:\n\n    brine '*' network.ip_addrs\n    brine '*' network.ip_addrs cidr=10.0.0.0/8",
                parameters: [
                    Parameter("interface", .any, default: .nil), Parameter("include_loopback", .bool, default: false),
                    Parameter("cidr", .string, default: .nil), Parameter("type", .string, default: .nil),
                ]
            ) { arguments, _ in
                try addressList(arguments, ipv4: true)
            },
            ExecutionFunction(
                "network.ip_addrs6",
                doc: "Return the host's IPv6 addresses, sorted. interface narrows to interfaces (comma-separated globs), include_loopback adds ::1, cidr keeps the addresses in a network.\n\nCLI Example:\n\n    brine '*' network.ip_addrs6",
                parameters: [Parameter("interface", .any, default: .nil), Parameter("include_loopback", .bool, default: false), Parameter("cidr", .string, default: .nil)]
            ) { arguments, _ in
                try addressList(arguments, ipv4: false)
            },
            ExecutionFunction(
                "network.hw_addr", doc: "Return the hardware (MAC) address of an interface.\n\nCLI Example:\n\n    brine '*' network.hw_addr eth0",
                parameters: [Parameter("iface", .string)]
            ) { arguments, _ in
                let name = try arguments.string("iface")
                let all = interfaces()
                guard let entry = all[name] else {
                    let known = (all.mapValue ?? []).map(\.key.pythonString).joined(separator: "\", \"")
                    throw ExecutionError.commandFailed("Interface \"\(name)\" not in available interfaces: \"\(known)\"")
                }
                return entry["hwaddr"] ?? ""
            },
            ExecutionFunction(
                "network.ping",
                doc: "Ping a host four times with the system's ping and return its output (the ping's exit code becomes the job's retcode); timeout is ping's -W, return_boolean=True returns whether the host answered.\n\nCLI Example:\n\n    brine '*' network.ping archlinux.org\n    brine '*' network.ping 10.0.0.1 timeout=3 return_boolean=True",
                parameters: [Parameter("host", .string), Parameter("timeout", .any, default: false), Parameter("return_boolean", .bool, default: false)]
            ) { arguments, context in
                try ping(arguments, context)
            },
            ExecutionFunction(
                "network.netstat",
                doc: "Return the host's TCP and UDP sockets as a list of {proto, recv-q, send-q, local-address, remote-address, state, user, inode, program}, as netstat -tulpnea shows them.\n\nCLI Example:\n\n    brine '*' network.netstat"
            ) { _, _ in
                netstat()
            },
            ExecutionFunction(
                "network.routes",
                doc: "Return the routing table as a list of {addr_family, destination, gateway, netmask, flags, interface}; family is inet or inet6 to keep only those.\n\nCLI Example:\n\n    brine '*' network.routes\n    brine '*' network.routes inet6",
                parameters: [Parameter("family", .string, default: .nil)]
            ) { arguments, _ in
                .array(routes(family: try family(arguments)))
            },
            ExecutionFunction(
                "network.default_route",
                doc: "Return the default routes, in the shape of network.routes; family is inet or inet6 to keep only those.\n\nCLI Example:\n\n    brine '*' network.default_route\n    brine '*' network.default_route inet",
                parameters: [Parameter("family", .string, default: .nil)]
            ) { arguments, _ in
                .array(routes(family: try family(arguments)).filter { route in
                    ["0.0.0.0", "default", "::/0"].contains(route.string("destination") ?? "")
                })
            },
        ]
    }

    private static func family(_ arguments: Arguments) throws(ExecutionError) -> String? {
        let family = try arguments.optionalString("family")
        if let family, family != "inet" && family != "inet6" { throw .commandFailed("Invalid address family \(family)") }
        return family
    }

    private static func addressList(_ arguments: Arguments, ipv4: Bool) throws(ExecutionError) -> MessagePackValue {
        var list = addresses(ipv4: ipv4, interface: try arguments.stringList("interface"), includeLoopback: try arguments.bool("include_loopback"))
        if let cidr = try arguments.optionalString("cidr") {
            // Salt reads the network strictly: with host bits set it is no network (and Salt then lists nothing).
            let network: IPNetwork
            do {
                network = try IPNetwork(cidr, strict: true)
            } catch {
                throw .invocation("'\(cidr)' is not a valid network: \(error)")
            }
            list = list.filter(network.contains)
        } else if ipv4, let type = try arguments.optionalString("type") {
            if type == "public" { list = list.filter { !$0.isPrivate } }
            if type == "private" { list = list.filter(\.isPrivate) }
        }
        return .array(list.map { .text($0.description) })
    }

    private static func ping(_ arguments: Arguments, _ context: JobContext) throws(ExecutionError) -> MessagePackValue {
        let host = try arguments.string("host")
        // ping takes its options anywhere on the line: a host that begins with '-' would be one.
        guard !host.hasPrefix("-") else { throw .invocation("Invalid host: '\(host)'") }
        guard ProcessRunner.which("ping") != nil else {
            throw .commandFailed("network.ping needs the 'ping' command (Debian package iputils-ping), which is not installed")
        }
        // Salt keeps an IP address as is and strips anything but RFC 952 characters from a name.
        let target = IPAddress(host) != nil ? host : String(host.prefix(255).filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) })
        var argv = ["ping", "-c", "4", target]
        let timeout = arguments["timeout"]
        if timeout.boolValue != false, !timeout.isNil { argv.insert(contentsOf: ["-W", timeout.pythonString], at: 1) }
        var request = ProcessRunner.Request(argv)
        request.mergeStderr = true
        let result: ProcessRunner.Result
        do {
            result = try ProcessRunner.run(request, observer: context)
        } catch {
            throw .commandFailed("\(error)")
        }
        context.retcode = Int(result.status)
        return try arguments.bool("return_boolean") ? .bool(result.status == 0) : .text(result.stdout.trimmingTrailingWhitespace())
    }
}
