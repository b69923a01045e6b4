/// "Connect these nodes' bridges with a full mesh of tunnels": expanded at load time into one
/// tunnel port per (node, other node) pair, named `<overlay>-<other node>`.
public struct Overlay: Sendable, Hashable {
    public let name: String
    public let kind: Tunnel.Kind
    public let vni: Int
    /// The bridge (same name on every member node) that gets the tunnel ports.
    public let bridge: String
    public let nodes: [String]
    public let destinationPort: Int?
    public let ttl: Int?
    public let location: SourceLocation?

    public init(
        name: String, kind: Tunnel.Kind, vni: Int, bridge: String, nodes: [String], destinationPort: Int? = nil,
        ttl: Int? = nil, location: SourceLocation? = nil
    ) {
        self.name = name
        self.kind = kind
        self.vni = vni
        self.bridge = bridge
        self.nodes = nodes
        self.destinationPort = destinationPort
        self.ttl = ttl
        self.location = location
    }
}
