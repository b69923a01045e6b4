/// Where a controller listens or connects, in the syntax OVS uses for its own targets:
/// `tcp:[IP:]PORT`, `ssl:[IP:]PORT`, `unix:PATH` to listen; `tcp:HOST[:PORT]`, `ssl:HOST[:PORT]`,
/// `unix:PATH` to connect. 6653 is the IANA OpenFlow port.
public enum ControllerTarget: Sendable, Hashable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case ssl(host: String, port: Int)
    case unix(path: String)

    public static let defaultPort = 6653

    /// A listening target: the address is optional (default: all IPv4 addresses), the port required
    /// unless it is the only thing missing (`tcp:` alone means 0.0.0.0:6653).
    public static func listen(_ text: String) throws(ControllerError) -> ControllerTarget {
        try parse(text, defaultHost: "0.0.0.0", portFirst: true)
    }

    /// An active target: the host is required, the port optional.
    public static func connect(_ text: String) throws(ControllerError) -> ControllerTarget {
        try parse(text, defaultHost: nil, portFirst: false)
    }

    private static func parse(
        _ text: String, defaultHost: String?, portFirst: Bool
    ) throws(ControllerError)
        -> ControllerTarget
    {
        guard let colon = text.firstIndex(of: ":") else {
            throw .invalidTarget(text, reason: "expected tcp:, ssl: or unix:")
        }
        let scheme = text[..<colon]
        let rest = String(text[text.index(after: colon)...])
        switch scheme {
        case "unix":
            guard !rest.isEmpty else { throw .invalidTarget(text, reason: "unix: needs a path") }
            return .unix(path: rest)
        case "tcp", "ssl":
            let (host, port) = try hostAndPort(rest, text: text, defaultHost: defaultHost, portFirst: portFirst)
            return scheme == "tcp" ? .tcp(host: host, port: port) : .ssl(host: host, port: port)
        default:
            throw .invalidTarget(text, reason: "unknown scheme '\(scheme)' (expected tcp, ssl or unix)")
        }
    }

    /// `PORT`, `IP:PORT`, `[IPv6]:PORT`, `HOST`, or empty.
    private static func hostAndPort(
        _ rest: String, text: String, defaultHost: String?, portFirst: Bool
    ) throws(ControllerError) -> (String, Int) {
        var host = ""
        var portText: String?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = String(after.dropFirst()) }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portText = String(rest[rest.index(after: colon)...])
        } else if portFirst, !rest.isEmpty, rest.allSatisfy(\.isNumber) {
            portText = rest
        } else {
            host = rest
        }
        if host.isEmpty {
            guard let defaultHost else { throw .invalidTarget(text, reason: "a host is required") }
            host = defaultHost
        }
        var port = defaultPort
        if let portText, !portText.isEmpty {
            guard let value = Int(portText), (0...65535).contains(value) else {
                throw .invalidTarget(text, reason: "port '\(portText)' is not a number in 0-65535")
            }
            port = value
        }
        return (host, port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): "tcp:\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .ssl(let host, let port): "ssl:\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }
}
