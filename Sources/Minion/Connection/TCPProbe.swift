#if canImport(Glibc)
import Glibc
#endif

/// Whether a master's port accepts TCP connections, asked without ZeroMQ and with a short bound: a
/// REQ socket to a master that is gone would wait the whole `auth_timeout` for an answer, and the
/// minion's one socket thread serves its other masters meanwhile. A refused connection answers at once;
/// a host that is silent costs at most `timeout`.
enum TCPProbe {
    static func accepts(host: String, port: Int, timeout: Double) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var found: UnsafeMutablePointer<addrinfo>?
        let unbracketed = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(unbracketed, String(port), &hints, &found) == 0, let first = found else { return false }
        defer { freeaddrinfo(first) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            if connects(address.pointee, timeout: timeout) { return true }
            candidate = address.pointee.ai_next
        }
        return false
    }

    private static func connects(_ address: addrinfo, timeout: Double) -> Bool {
        let descriptor = socket(address.ai_family, address.ai_socktype | Int32(SOCK_NONBLOCK.rawValue), address.ai_protocol)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if connect(descriptor, address.ai_addr, address.ai_addrlen) == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var poll = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        guard Glibc.poll(&poll, 1, Int32(timeout * 1000)) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0
    }
}
