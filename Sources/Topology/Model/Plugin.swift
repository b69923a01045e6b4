/// A network function attached to a bridge port (a firewall, a load balancer…). The policies issue
/// (#9) steers traffic to plugins by name; here they are parsed and their port checked.
public struct Plugin: Sendable, Hashable {
    public let name: String
    /// The bridge port the plugin sits behind.
    public let port: String
    /// The plugin's address (an IP, optionally with a prefix length).
    public let ip: String?
    public let mac: String?
    public let location: SourceLocation?

    public init(name: String, port: String, ip: String? = nil, mac: String? = nil, location: SourceLocation? = nil) {
        self.name = name
        self.port = port
        self.ip = ip
        self.mac = mac
        self.location = location
    }
}

/// A bridge's `policies:` section, reserved for issue #9 (DNAT/SNAT/COPY/DROP rules): kept as
/// written, with locations, so the policy compiler can report errors at the right line.
public struct PolicySection: Sendable, Hashable {
    public let raw: YAMLNode

    public init(raw: YAMLNode) {
        self.raw = raw
    }
}
