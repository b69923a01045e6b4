import TextSuggestions

/// Expands each overlay into tunnel ports: on every member node's `bridge`, one port per other
/// member, named `<overlay>-<other node>`, to that node's `underlay_ip` with the overlay's VNI.
enum OverlayExpansion {
    static func expand(_ overlays: [Overlay], into nodes: [TopologyNode], _ decoder: inout Decoder) -> [TopologyNode] {
        var result = nodes
        for overlay in overlays {
            let path = "overlays.\(overlay.name)"
            let location = overlay.location ?? SourceLocation(file: "", line: 1, column: 1)
            let known = nodes.map(\.name)
            var members: [TopologyNode] = []
            for name in overlay.nodes {
                guard let node = nodes.first(where: { $0.name == name }) else {
                    decoder.error(
                        location, path + ".nodes", "overlay \(overlay.name) names an unknown node `\(name)`",
                        hint: DidYouMean.hint(for: name, among: known))
                    continue
                }
                guard node.bridge(named: overlay.bridge) != nil else {
                    decoder.error(
                        location, path + ".bridge", "node \(name) has no bridge `\(overlay.bridge)`",
                        hint: DidYouMean.hint(for: overlay.bridge, among: node.bridges.map(\.name)))
                    continue
                }
                guard node.underlayIP != nil else {
                    decoder.error(
                        location, path + ".nodes", "node \(name) has no `underlay_ip` for overlay \(overlay.name)",
                        hint: "add underlay_ip: ADDRESS to node \(name)")
                    continue
                }
                members.append(node)
            }
            for member in members {
                let ports = members.filter { $0.name != member.name }.map { peer in
                    Port(
                        name: "\(overlay.name)-\(peer.name)",
                        kind: .tunnel(
                            Tunnel(
                                kind: overlay.kind, remoteIP: peer.underlayIP ?? "", key: String(overlay.vni),
                                destinationPort: overlay.destinationPort, ttl: overlay.ttl)),
                        overlay: overlay.name, location: overlay.location)
                }
                guard let index = result.firstIndex(where: { $0.name == member.name }) else { continue }
                let node = result[index]
                result[index] = TopologyNode(
                    name: node.name, endpoint: node.endpoint, underlayIP: node.underlayIP,
                    bridges: node.bridges.map { $0.name == overlay.bridge ? $0.adding(ports: ports) : $0 },
                    location: node.location)
            }
        }
        return result
    }
}
