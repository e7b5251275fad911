/// ZeroMQ endpoint strings for the configured hosts and ports.
public enum Endpoint {
    /// `tcp://host:port`, bracketing IPv6 literals.
    public static func tcp(_ host: String, _ port: Int) -> String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[" + host + "]" : host
        return "tcp://\(bracketed):\(port)"
    }
}
