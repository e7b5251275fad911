import BrineCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP forwarder on loopback that can turn into a black hole: while held it forwards nothing and
/// accepts nothing, yet closes nothing, as a network partition looks to both ends (a peer stops
/// answering; no reset arrives). For the fault tests of a minion cut off from its master, and to stand
/// for a master at another loopback address.
public final class BlackHoleProxy: Sendable {
    public let port: Int
    private let target: Int
    private let targetHost: String
    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var holding = false
        var stopped = false
        var thread: DaemonThread?
    }

    /// Forwards connections on `host`:`port` (a free port by default) to `targetHost`:`target`.
    public init(forwardingTo target: Int, on targetHost: String = "127.0.0.1", listeningOn host: String = "127.0.0.1", port: Int = 0) throws {
        self.target = target
        self.targetHost = targetHost
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(host, port: port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound, listen(listener, 64) == 0 else {
            close(listener)
            throw ProcessRunner.Failure(description: "cannot listen for the proxy: \(String(cString: strerror(errno)))")
        }
        self.listener = listener
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = DaemonThread { [self] in forward() }
        state.withLock { $0.thread = thread }
    }

    /// Stops forwarding and accepting, closing nothing.
    public func hold() {
        state.withLock { $0.holding = true }
    }

    public func release() {
        state.withLock { $0.holding = false }
    }

    public func stop() {
        let thread = state.withLock { state in
            state.stopped = true
            defer { state.thread = nil }
            return state.thread
        }
        thread?.join()
        close(listener)
    }

    private func forward() {
        var pairs: [(Int32, Int32)] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let (holding, stopped) = state.withLock { ($0.holding, $0.stopped) }
            if stopped { break }
            if holding {
                usleep(20_000)
                continue
            }
            var descriptors = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            for (client, server) in pairs {
                descriptors.append(pollfd(fd: client, events: Int16(POLLIN), revents: 0))
                descriptors.append(pollfd(fd: server, events: Int16(POLLIN), revents: 0))
            }
            guard poll(&descriptors, nfds_t(descriptors.count), 50) > 0 else { continue }
            var closed: Set<Int> = []
            for (index, pair) in pairs.enumerated() {
                for (from, to, slot) in [(pair.0, pair.1, 1 + index * 2), (pair.1, pair.0, 2 + index * 2)]
                where descriptors[slot].revents != 0 {
                    let count = read(from, &buffer, buffer.count)
                    if count <= 0 || !Self.writeAll(to, buffer, count) { closed.insert(index) }
                }
            }
            for index in closed.sorted(by: >) {
                close(pairs[index].0)
                close(pairs[index].1)
                pairs.remove(at: index)
            }
            if descriptors[0].revents & Int16(POLLIN) != 0, let pair = accepted() { pairs.append(pair) }
        }
        for (client, server) in pairs {
            close(client)
            close(server)
        }
    }

    private func accepted() -> (Int32, Int32)? {
        let client = accept(listener, nil, nil)
        guard client >= 0 else { return nil }
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(targetHost, port: target)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(client)
            close(server)
            return nil
        }
        return (client, server)
    }

    private static func writeAll(_ descriptor: Int32, _ buffer: [UInt8], _ count: Int) -> Bool {
        var offset = 0
        while offset < count {
            let written = buffer[offset..<count].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    private static func loopback(_ host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }
}
