/// Where an OVSDB server is, in OVS's own target syntax.
public enum OVSDBTarget: Sendable, Hashable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: Int)
    case ssl(host: String, port: Int)
    /// Listen on a unix socket and take the first server that connects to us (OVS managers can be
    /// configured to connect actively).
    case punix(path: String)
    /// Listen on a TCP port (default address 0.0.0.0) and take the first server that connects.
    case ptcp(port: Int, host: String)

    /// Parses `unix:PATH`, `tcp:HOST:PORT`, `ssl:HOST:PORT` (IPv6 hosts in brackets), `punix:PATH`,
    /// `ptcp:PORT[:HOST]`.
    public init(parsing text: String) throws(OVSDBClientError) {
        guard let colon = text.firstIndex(of: ":") else { throw .invalidTarget(text) }
        let scheme = text[..<colon]
        let rest = String(text[text.index(after: colon)...])
        switch scheme {
        case "unix":
            guard !rest.isEmpty else { throw .invalidTarget(text) }
            self = .unix(path: rest)
        case "punix":
            guard !rest.isEmpty else { throw .invalidTarget(text) }
            self = .punix(path: rest)
        case "tcp", "ssl":
            guard let (host, port) = Self.hostAndPort(rest) else { throw .invalidTarget(text) }
            self = scheme == "tcp" ? .tcp(host: host, port: port) : .ssl(host: host, port: port)
        case "ptcp":
            let parts = rest.split(separator: ":", maxSplits: 1).map(String.init)
            guard let first = parts.first, let port = Int(first), (0...65535).contains(port) else {
                throw .invalidTarget(text)
            }
            var host = parts.count > 1 ? parts[1] : "0.0.0.0"
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            self = .ptcp(port: port, host: host)
        default:
            throw .invalidTarget(text)
        }
    }

    static func hostAndPort(_ text: String) -> (String, Int)? {
        let host: String
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                return nil
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else { return nil }
        return (host, port)
    }

    public var description: String {
        switch self {
        case .unix(let path): return "unix:" + path
        case .tcp(let host, let port): return "tcp:\(Self.bracketed(host)):\(port)"
        case .ssl(let host, let port): return "ssl:\(Self.bracketed(host)):\(port)"
        case .punix(let path): return "punix:" + path
        case .ptcp(let port, let host): return "ptcp:\(port):\(Self.bracketed(host))"
        }
    }

    static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    public var isPassive: Bool {
        switch self {
        case .punix, .ptcp: return true
        default: return false
        }
    }
}
