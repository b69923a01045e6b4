/// The top level: `name`, `variables`, `nodes` (or a single node's keys inline), `overlays`.
extension Decoder {
    static let topLevelKeys = ["name", "variables", "nodes", "overlays"]
    static let nodeKeys = ["ovsdb", "tls", "underlay_ip", "variables", "bridges"]

    mutating func decodeTopology(
        _ root: YAMLNode, singleNodeName: String
    ) -> (name: String?, nodes: [TopologyNode], overlays: [Overlay]) {
        guard let top = mapping(root, "", what: "the topology") else { return (nil, [], []) }
        let singleNode = !top.has("nodes") && (top.has("bridges") || top.has("ovsdb"))
        checkKeys(
            top,
            allowed: singleNode ? Self.topLevelKeys + Self.nodeKeys.filter { $0 != "variables" } : Self.topLevelKeys)
        var name: String?
        if let node = top["name"] {
            name = string(node, "name")
            if let value = name, !Self.isName(value) {
                error(
                    node.location, "name", "topology name `\(value)` may hold only letters, digits, `-`, `_` and `.`",
                    hint: "it becomes external_ids:switchboard-owner on every row")
            }
        } else {
            error(
                top.location, "name", "the topology has no `name`",
                hint: "add `name: my-lab`; it marks every row Switchboard creates as owned by this topology")
        }
        if let variables = top["variables"] { _ = stringMap(variables, "variables") }
        var nodes: [TopologyNode] = []
        if singleNode {
            if let node = decodeNode(singleNodeName, top, pathPrefix: "") { nodes.append(node) }
        } else if let nodesNode = top["nodes"], let fields = mapping(nodesNode, "nodes", what: "the nodes") {
            if fields.entries.isEmpty {
                error(fields.location, "nodes", "`nodes` is empty", hint: "add at least one node")
            }
            for entry in fields.entries {
                let path = "nodes.\(entry.key)"
                guard let nodeFields = mapping(entry.value, path, what: "node \(entry.key)") else { continue }
                if let node = decodeNode(entry.key, nodeFields, pathPrefix: path) { nodes.append(node) }
            }
        } else if !top.has("nodes") {
            error(
                top.location, "nodes", "the topology has no `nodes`",
                hint: "list nodes under `nodes:`, or give a single node's `ovsdb:` and `bridges:` at the top level")
        }
        var overlays: [Overlay] = []
        if let overlaysNode = top["overlays"], let fields = mapping(overlaysNode, "overlays", what: "the overlays") {
            for entry in fields.entries {
                if let overlay = decodeOverlay(entry, path: "overlays.\(entry.key)") { overlays.append(overlay) }
            }
        }
        return (name, nodes, overlays)
    }

    mutating func decodeNode(_ name: String, _ fields: Fields, pathPrefix: String) -> TopologyNode? {
        if !pathPrefix.isEmpty { checkKeys(fields, allowed: Self.nodeKeys) }
        var endpoint = Endpoint.localDefault
        if let node = fields["ovsdb"], let target = string(node, fields.path("ovsdb")) {
            if ValueSyntax.isEndpoint(target) {
                endpoint.target = target
            } else {
                error(
                    node.location, fields.path("ovsdb"), "`\(target)` is not an OVSDB endpoint",
                    hint: "use unix:/path/db.sock, tcp:HOST:PORT or ssl:HOST:PORT")
            }
        }
        if let node = fields["tls"] { endpoint.tls = decodeTLS(node, fields.path("tls")) }
        if endpoint.target.hasPrefix("ssl:"), endpoint.tls == nil {
            error(
                fields["ovsdb"]?.location ?? fields.location, fields.path("tls"), "an ssl: endpoint needs `tls:`",
                hint: "add tls: {private_key: …, certificate: …, ca_certificate: …}")
        }
        var underlay: String?
        if let node = fields["underlay_ip"], let text = string(node, fields.path("underlay_ip")) {
            if ValueSyntax.isIP(text) {
                underlay = text
            } else {
                error(node.location, fields.path("underlay_ip"), "`\(text)` is not an IP address")
            }
        }
        if !pathPrefix.isEmpty, let variables = fields["variables"] {
            _ = stringMap(variables, fields.path("variables"))
        }
        var bridges: [Bridge] = []
        if let bridgesNode = fields["bridges"], let list = mapping(bridgesNode, fields.path("bridges"), what: "bridges")
        {
            for entry in list.entries {
                if let bridge = decodeBridge(entry, path: Decoder.join(list.path, entry.key)) { bridges.append(bridge) }
            }
        }
        return TopologyNode(
            name: name, endpoint: endpoint, underlayIP: underlay, bridges: bridges, location: fields.location)
    }

    mutating func decodeTLS(_ node: YAMLNode, _ path: String) -> Endpoint.TLS? {
        guard let fields = mapping(node, path, what: "TLS files") else { return nil }
        let keys = ["private_key", "certificate", "ca_certificate"]
        checkKeys(fields, allowed: keys)
        var values: [String] = []
        for key in keys {
            guard let value = fields[key] else {
                error(fields.location, fields.path(key), "`tls` needs `\(key)`", hint: "a PEM file made by ovs-pki")
                continue
            }
            if let text = string(value, fields.path(key)) { values.append(text) }
        }
        guard values.count == 3 else { return nil }
        return Endpoint.TLS(privateKey: values[0], certificate: values[1], caCertificate: values[2])
    }

    /// Names of nodes, bridges, ports, mirrors: what OVS and the shell accept without quoting.
    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 255
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
