#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks of value syntax: addresses, prefixes, MACs, datapath ids, endpoints.
enum ValueSyntax {
    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }

    static func isIP(_ text: String) -> Bool { isIPv4(text) || isIPv6(text) }

    /// An address with an optional prefix length: `10.0.0.2`, `10.0.0.2/24`, `fd00::2/64`.
    static func isIPOrCIDR(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        let address = String(parts[0])
        guard isIP(address) else { return false }
        guard parts.count == 2 else { return true }
        guard let length = Int(parts[1]) else { return false }
        return (0...(isIPv4(address) ? 32 : 128)).contains(length)
    }

    static func isMAC(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 6 && parts.allSatisfy { $0.count == 2 && UInt8($0, radix: 16) != nil }
    }

    static func isDatapathID(_ text: String) -> Bool { text.count == 16 && UInt64(text, radix: 16) != nil }

    /// The OVSDB endpoints a node may name (active ones: we connect to the node).
    static func isEndpoint(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        let rest = text[text.index(after: colon)...]
        switch scheme {
        case "unix": return !rest.isEmpty
        case "tcp", "ssl":
            guard let last = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: last)...]) else {
                return false
            }
            return (1...65535).contains(port) && last > rest.startIndex
        default: return false
        }
    }
}
