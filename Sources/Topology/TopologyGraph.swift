import Foundation

/// A Graphviz picture of a topology: a cluster per node, a box per bridge (with a count of its
/// policy rules by action), an ellipse per port labelled with its VLANs, a plugin next to its
/// port, the rules that steer traffic to a plugin as edges from the bridge, patch cables between
/// bridges, tunnels between nodes (dashed, to the node whose underlay address they use).
public enum TopologyGraph {
    public static func dot(_ topology: Topology) -> String {
        var out = ["digraph \(quote(topology.name)) {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        var edges: [String] = []
        let nodeByUnderlay = Dictionary(
            topology.nodes.compactMap { node in node.underlayIP.map { ($0, node.name) } }
        ) { first, _ in first }
        for node in topology.nodes {
            out.append("  subgraph \(quote("cluster_" + node.name)) {")
            out.append("    label=\(quote("\(node.name) (\(node.endpoint.target))"));")
            for bridge in node.bridges {
                let bridgeID = id(node.name, bridge.name)
                out.append("    \(bridgeID) [shape=box, style=bold, label=\(quote(label(bridge)))];")
                for port in bridge.ports {
                    let portID = id(node.name, port.name)
                    out.append("    \(portID) [shape=ellipse, label=\(quote(port.name + "\n" + label(port.kind)))];")
                    edges.append("  \(bridgeID) -> \(portID) [arrowhead=none];")
                    switch port.kind {
                    case .patch(let peer) where port.name < peer:
                        edges.append(
                            "  \(portID) -> \(id(node.name, peer)) [arrowhead=none, color=blue, label=\"patch\"];")
                    case .tunnel(let tunnel):
                        if let remote = nodeByUnderlay[tunnel.remoteIP], remote != node.name {
                            edges.append(
                                "  \(portID) -> \(quote("cluster_" + remote)) [style=dashed, label=\(quote(tunnel.kind.rawValue + " " + (tunnel.key ?? "")))];"
                            )
                        }
                    default: break
                    }
                }
                let plugins = pluginStatements(node: node.name, bridge: bridge)
                out += plugins.nodes.map { "    " + $0 }
                edges += plugins.edges.map { "  " + $0 }
            }
            out.append("  }")
        }
        // Graphviz cannot point at a cluster: tunnels point at an invisible anchor per node.
        for node in topology.nodes { out.append("  \(quote("cluster_" + node.name)) [shape=point, label=\"\"];") }
        return (out + edges + ["}"]).joined(separator: "\n") + "\n"
    }

    static func label(_ kind: Port.Kind) -> String {
        switch kind {
        case .system(let type): return type.isEmpty ? "system" : type
        case .access(let vlan, _): return "vlan \(vlan)"
        case .trunk(let trunk, _):
            return "trunk " + (trunk.vlans.isEmpty ? "all" : trunk.vlans.map(String.init).joined(separator: ","))
        case .internal(let vlan, _): return "internal" + (vlan.map { " vlan \($0)" } ?? "")
        case .patch: return "patch"
        case .tunnel(let tunnel): return "\(tunnel.kind.rawValue) → \(tunnel.remoteIP)"
        }
    }

    static func id(_ node: String, _ name: String) -> String { quote(node + "/" + name) }

    /// A DOT string: backslashes and quotes escaped, line breaks as the `\n` Graphviz centres.
    /// Labels built here hold real newlines, so a backslash in a name or path stays a backslash.
    static func quote(_ text: String) -> String {
        var escaped = "\""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n", "\r\n", "\r": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }
}
