/// A validated topology: what the file says should exist, with variables substituted and overlays
/// expanded into tunnel ports. Immutable; built only by `TopologyLoader`.
public struct Topology: Sendable, Hashable {
    /// The topology's name: the value of `external_ids:switchboard-owner` on every row it creates.
    public let name: String
    public let nodes: [TopologyNode]
    /// The overlays as written (their tunnel ports are already in the nodes' bridges).
    public let overlays: [Overlay]

    public init(name: String, nodes: [TopologyNode], overlays: [Overlay] = []) {
        self.name = name
        self.nodes = nodes
        self.overlays = overlays
    }

    public func node(named name: String) -> TopologyNode? { nodes.first { $0.name == name } }
}
