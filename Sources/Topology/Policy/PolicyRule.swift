/// One policy, in the order written: for filter rules the order is the priority (first match wins).
public struct PolicyRule: Hashable, Sendable {
    public var chain: Chain
    public var match: TrafficMatch
    public var action: PolicyAction
    /// Where the rule was written, for diagnostics and for naming a rule a switch refused.
    public var location: SourceLocation

    public init(chain: Chain, match: TrafficMatch = TrafficMatch(), action: PolicyAction, location: SourceLocation) {
        self.chain = chain
        self.match = match
        self.action = action
        self.location = location
    }

    /// The iptables chain a rule belongs to; it decides which targets make sense.
    public enum Chain: String, Hashable, Sendable, CaseIterable {
        case prerouting = "PREROUTING"
        case forward = "FORWARD"
        case postrouting = "POSTROUTING"
    }
}

/// What a rule matches. Absent fields match anything.
public struct TrafficMatch: Hashable, Sendable {
    public var inPort: String?
    public var outPort: String?
    public var proto: TransportProtocol?
    public var source: IPv4Network?
    public var destination: IPv4Network?
    public var sourcePorts: PortRange?
    public var destinationPorts: PortRange?
    public var vlan: UInt16?

    public init(
        inPort: String? = nil, outPort: String? = nil, proto: TransportProtocol? = nil, source: IPv4Network? = nil,
        destination: IPv4Network? = nil, sourcePorts: PortRange? = nil, destinationPorts: PortRange? = nil,
        vlan: UInt16? = nil
    ) {
        self.inPort = inPort
        self.outPort = outPort
        self.proto = proto
        self.source = source
        self.destination = destination
        self.sourcePorts = sourcePorts
        self.destinationPorts = destinationPorts
        self.vlan = vlan
    }
}

public enum TransportProtocol: String, Hashable, Sendable, CaseIterable {
    case tcp, udp, icmp, sctp

    public var number: UInt8 {
        switch self {
        case .tcp: 6
        case .udp: 17
        case .icmp: 1
        case .sctp: 132
        }
    }

    /// Only these carry ports a rule can match or rewrite.
    public var hasPorts: Bool { self != .icmp }
}

/// An inclusive port range; a single port is `n...n`.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
    public let lower: UInt16
    public let upper: UInt16

    public init?(_ lower: UInt16, _ upper: UInt16) {
        guard lower <= upper else { return nil }
        self.lower = lower
        self.upper = upper
    }

    public init(_ port: UInt16) {
        lower = port
        upper = port
    }

    /// `22`, or `1000:2000` (iptables) / `1000-2000`.
    public init?(_ text: some StringProtocol) {
        // Cut at the separator byte rather than split into characters and an array: every
        // `--dport` of a rule file comes through here. Only ASCII digits parse as a port, and in
        // ASCII a byte is a character, so what is accepted is unchanged.
        let isSeparator: (UInt8) -> Bool = { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") }
        guard let separator = text.utf8.firstIndex(where: isSeparator) else {
            guard let port = UInt16(text) else { return nil }
            self.init(port)
            return
        }
        let upperText = text[text.utf8.index(after: separator)...]
        guard !upperText.utf8.contains(where: isSeparator), let lower = UInt16(text[..<separator]),
            let upper = UInt16(upperText)
        else { return nil }
        self.init(lower, upper)
    }

    public var isSingle: Bool { lower == upper }
    public var count: Int { Int(upper) - Int(lower) + 1 }
    public var description: String { isSingle ? "\(lower)" : "\(lower)-\(upper)" }
}

/// What happens to matching traffic.
public enum PolicyAction: Hashable, Sendable {
    /// Stop evaluating filter rules; forward normally.
    case accept
    case drop
    /// Rewrite the destination to one of the targets (several: load-balanced).
    case dnat(targets: [NATTarget], stateless: Bool)
    /// Rewrite the source address of traffic from a plugin.
    case snat(to: IPv4Address)
    /// SNAT to the address declared for the output port.
    case masquerade
    /// Duplicate matching traffic to a plugin; the original continues unchanged.
    case copy(to: PluginReference, direction: CopyDirection, rewriteMAC: Bool)
    /// Steer matching traffic out to a plugin's port and, when the plugin sends it back on that
    /// port, on as if it had just entered at the rule's `-i` port (an inline IPS, a WAF).
    case through(PluginReference)

    public var name: String {
        switch self {
        case .accept: "ACCEPT"
        case .drop: "DROP"
        case .dnat: "DNAT"
        case .snat: "SNAT"
        case .masquerade: "MASQUERADE"
        case .copy: "COPY"
        case .through: "THROUGH"
        }
    }
}

/// A DNAT destination: a plugin (by name or address) and optionally a new destination port.
public struct NATTarget: Hashable, Sendable {
    public var plugin: PluginReference
    public var port: UInt16?

    public init(plugin: PluginReference, port: UInt16? = nil) {
        self.plugin = plugin
        self.port = port
    }
}

/// Which way a copy goes: the matched direction, its replies, or both.
public enum CopyDirection: String, Hashable, Sendable {
    case inbound, outbound, bidirectional
}

extension NATTarget {
    /// Why a `--to` value (or a structured `to:`) is not a NAT target.
    public struct SyntaxError: Error, Sendable {
        public var message: String
    }

    /// `198.51.100.3:22`, `198.51.100.3`, `ids:22` or `ids` (a plugin name), as both rule forms
    /// write it.
    public init(parsing text: String) throws(SyntaxError) {
        // Cut at the first `:` rather than split into an array: every DNAT of a rule file comes
        // through here.
        let colon = text.firstIndex(of: ":")
        let name = text[..<(colon ?? text.endIndex)]
        var port: UInt16?
        if let colon {
            let portText = text[text.index(after: colon)...]
            guard let parsed = UInt16(portText), parsed > 0 else {
                throw SyntaxError(message: "'\(portText)' is not a port (1-65535)")
            }
            port = parsed
        }
        guard !name.isEmpty else { throw SyntaxError(message: "--to needs an address or plugin") }
        let plugin = IPv4Address(name).map(PluginReference.address) ?? .name(String(name))
        self.init(plugin: plugin, port: port)
    }
}
