import TextSuggestions

/// An overlay: `type` (vxlan, geneve, gre; default vxlan), `vni`, `bridge`, `nodes`, `dst_port`, `ttl`.
extension Decoder {
    static let overlayKeys = ["type", "vni", "bridge", "nodes", "dst_port", "ttl"]

    mutating func decodeOverlay(_ entry: YAMLEntry, path: String) -> Overlay? {
        guard let fields = mapping(entry.value, path, what: "overlay \(entry.key)") else { return nil }
        checkKeys(fields, allowed: Self.overlayKeys)
        var kind = Tunnel.Kind.vxlan
        if let node = fields["type"], let text = string(node, fields.path("type")) {
            if let value = Tunnel.Kind(rawValue: text) {
                kind = value
            } else {
                error(
                    node.location, fields.path("type"), "unknown tunnel type `\(text)`",
                    hint: DidYouMean.hint(for: text, among: Tunnel.Kind.allCases.map(\.rawValue)))
            }
        }
        var vni: Int?
        if let node = fields["vni"] {
            vni = int(
                node, fields.path("vni"), 1...16_777_215, what: "VNI", hint: "a VNI runs from 1 to 16777215 (24 bits)")
        } else {
            error(fields.location, fields.path("vni"), "overlay \(entry.key) has no `vni`", hint: "e.g. vni: 5000")
        }
        var bridge: String?
        if let node = fields["bridge"] {
            bridge = string(node, fields.path("bridge"))
        } else {
            error(
                fields.location, fields.path("bridge"), "overlay \(entry.key) has no `bridge`",
                hint: "the bridge on each member node that gets the tunnel ports")
        }
        let nodes = fields["nodes"].map { strings($0, fields.path("nodes")) } ?? []
        if nodes.count < 2 {
            error(
                fields["nodes"]?.location ?? fields.location, fields.path("nodes"),
                "overlay \(entry.key) needs at least two nodes", hint: "list them: nodes: [boxA, boxB]")
        }
        let port = fields["dst_port"].flatMap { int($0, fields.path("dst_port"), 1...65535, what: "dst_port") }
        let ttl = fields["ttl"].flatMap { int($0, fields.path("ttl"), 1...255, what: "ttl") }
        guard let vni, let bridge else { return nil }
        return Overlay(
            name: entry.key, kind: kind, vni: vni, bridge: bridge, nodes: nodes, destinationPort: port, ttl: ttl,
            location: entry.keyLocation)
    }
}
