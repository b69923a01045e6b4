import Topology

extension Exporter {
    /// `exported` with each bridge's plugins and policies taken from the bridge of the same name
    /// in `source` (the node of the file that was applied): OVSDB holds neither, so they cannot
    /// be read back from the switch. Bridges `source` does not have stay as exported.
    public static func withPluginsAndPolicies(of source: TopologyNode, _ exported: Topology) -> Topology {
        let nodes = exported.nodes.map { node in
            TopologyNode(
                name: node.name, endpoint: node.endpoint, underlayIP: node.underlayIP,
                bridges: node.bridges.map { bridge in
                    guard let declared = source.bridge(named: bridge.name) else { return bridge }
                    return bridge.with(plugins: declared.plugins, policies: declared.policies)
                }, location: node.location)
        }
        return Topology(name: exported.name, nodes: nodes, overlays: exported.overlays)
    }
}
