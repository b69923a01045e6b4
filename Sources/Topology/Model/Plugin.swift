/// A network function attached to a bridge port (a firewall, a load balancer…), as the file
/// declares it. Policies steer traffic to plugins by name or address (`PolicyPlugin` is the typed
/// form the compiler takes).
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
