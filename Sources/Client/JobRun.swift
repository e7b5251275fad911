import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// One `brine` invocation: publish, print returns as they come, account for every expected minion.
public struct JobRun {
    let target: MessagePackValue
    let targetType: String
    let function: String
    let arguments: [MessagePackValue]
    let timeout: Double
    let output: String
    let color: Bool
    /// Publish and print the jid only; the returns go to the job cache.
    let async: Bool

    public init(
        target: MessagePackValue, targetType: String, function: String, arguments: [MessagePackValue],
        timeout: Double, output: String, color: Bool, async: Bool = false
    ) {
        self.target = target
        self.targetType = targetType
        self.function = function
        self.arguments = arguments
        self.timeout = timeout
        self.output = output
        self.color = color
        self.async = async
    }

    /// Runs the job; returns the process exit code (0 all succeeded, 1 failures or silence, 2 nothing ran).
    public func run(config: MasterConfig) -> Int32 {
        let client: LocalClient
        let reply: MessagePackValue
        do {
            client = try LocalClient(config: config)
            reply = try client.request([
                "cmd": "publish", "tgt": target, "tgt_type": .text(targetType), "fun": .text(function),
                "arg": .array(arguments), "ret": "", "user": .text(Self.userName()),
                "kwargs": ["delimiter": ":", "show_timeout": true], "watch": .bool(!async),
            ])
        } catch {
            Console.error("ERROR: \(error)\n")
            return 2
        }
        guard let jid = reply.string("jid") else {
            Console.out((reply.string("error") ?? "the master refused the job") + "\n")
            Console.error("ERROR: No return received\n")
            return 2
        }
        if async {
            Console.out("Executed command with job ID: \(jid)\n")
            return 0
        }
        var expected = Set(reply["minions"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var failed = false
        var returned = Set<String>()
        let deadline = Timestamp.monotonic() + timeout
        while !expected.isEmpty {
            guard let event = try? client.nextEvent(until: deadline) else { break }
            guard let id = LocalClient.returningMinion(event.tag, jid: jid) else { continue }
            guard returned.insert(id).inserted else { continue }
            expected.remove(id)
            let retcode = event.data["retcode"]?.intValue ?? 0
            if retcode != 0 || event.data["success"]?.boolValue == false { failed = true }
            print(minion: id, value: event.data["return"] ?? .nil, retcode: retcode)
        }
        _ = try? client.request(["cmd": "unwatch"], timeout: 1)
        for id in expected.sorted() {
            print(minion: id, value: "Minion did not return. [No response]", retcode: 1)
        }
        if !expected.isEmpty { return 1 }
        if failed {
            Console.error("ERROR: Minions returned with non-zero exit code\n")
            return 1
        }
        return 0
    }

    private func print(minion: String, value: MessagePackValue, retcode: Int) {
        switch output {
        case "json":
            Console.out(JSONText.encode(.map([MessagePackPair(.text(minion), value)])) + "\n")
        default:
            Console.out(NestedOutputter(color: color, retcode: retcode).render(minion: minion, value: value) + "\n")
        }
    }

    static func userName() -> String {
        guard let entry = getpwuid(geteuid()) else { return "root" }
        return String(cString: entry.pointee.pw_name)
    }
}
