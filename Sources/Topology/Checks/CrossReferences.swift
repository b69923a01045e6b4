import TextSuggestions

/// Checks that need the whole node: names unique across bridges, patch peers that point back,
/// mirror and plugin ports that exist, and no two tunnels that OVS would see as the same one.
enum CrossReferences {
    static func check(_ node: TopologyNode, path nodePath: String, _ decoder: inout Decoder) {
        var seen: [String: String] = [:]  // port name → bridge
        let bridgeNames = Set(node.bridges.map(\.name))
        var allPorts: [String: (Bridge, Port)] = [:]
        for bridge in node.bridges {
            for port in bridge.ports {
                let path = Decoder.join(nodePath, "bridges.\(bridge.name).ports.\(port.name)")
                let location = port.location ?? node.location ?? SourceLocation(file: "", line: 1, column: 1)
                if let other = seen[port.name] {
                    decoder.error(
                        location, path, "duplicate port name \(port.name) (also on bridge \(other))",
                        hint: "port names are unique per OVS database; rename one of them")
                    continue
                }
                if bridgeNames.contains(port.name) {
                    decoder.error(
                        location, path, "port \(port.name) has the name of a bridge",
                        hint: "every bridge has a local port of its own name already; rename this one")
                    continue
                }
                seen[port.name] = bridge.name
                allPorts[port.name] = (bridge, port)
            }
        }
        for bridge in node.bridges {
            let bridgePath = Decoder.join(nodePath, "bridges.\(bridge.name)")
            for port in bridge.ports { checkPatch(port, bridgePath, allPorts, &decoder) }
            checkMirrorsAndPlugins(bridge, bridgePath, &decoder)
        }
        checkTunnels(node, nodePath, &decoder)
    }

    static func checkPatch(
        _ port: Port, _ bridgePath: String, _ allPorts: [String: (Bridge, Port)], _ decoder: inout Decoder
    ) {
        guard case .patch(let peer) = port.kind else { return }
        let path = "\(bridgePath).ports.\(port.name).peer"
        let location = port.location ?? SourceLocation(file: "", line: 1, column: 1)
        guard let (_, other) = allPorts[peer] else {
            decoder.error(
                location, path, "patch port \(port.name) names peer `\(peer)`, which is not a port of this node",
                hint: DidYouMean.suggestion(for: peer, among: allPorts.keys.sorted()).map { "did you mean `\($0)`?" }
                    ?? "add a patch port \(peer) with peer: \(port.name) on the other bridge")
            return
        }
        guard case .patch(let back) = other.kind, back == port.name else {
            decoder.error(
                location, path, "patch port \(port.name)'s peer \(peer) does not point back",
                hint: "make \(peer) a patch port with peer: \(port.name)")
            return
        }
    }

    static func checkMirrorsAndPlugins(_ bridge: Bridge, _ bridgePath: String, _ decoder: inout Decoder) {
        let ports = bridge.ports.map(\.name)
        func reference(_ name: String, _ location: SourceLocation?, _ path: String, _ what: String) {
            guard !ports.contains(name) else { return }
            decoder.error(
                location ?? SourceLocation(file: "", line: 1, column: 1), path,
                "\(what) refers to an unknown port `\(name)` on bridge \(bridge.name)",
                hint: DidYouMean.hint(for: name, among: ports))
        }
        for mirror in bridge.mirrors {
            let path = "\(bridgePath).mirrors.\(mirror.name)"
            for name in mirror.selectSourcePorts + mirror.selectDestinationPorts {
                reference(name, mirror.location, path, "mirror \(mirror.name)")
            }
            if case .port(let name) = mirror.output {
                reference(name, mirror.location, path + ".output_port", "mirror \(mirror.name)")
            }
        }
        for plugin in bridge.plugins {
            reference(
                plugin.port, plugin.location, "\(bridgePath).plugins.\(plugin.name).port", "plugin \(plugin.name)")
        }
    }

    /// OVS identifies a tunnel by type, remote, local address, key and UDP port: two ports with
    /// the same identity make ovs-vswitchd refuse the second.
    static func checkTunnels(_ node: TopologyNode, _ nodePath: String, _ decoder: inout Decoder) {
        var seen: [String: String] = [:]
        for bridge in node.bridges {
            for port in bridge.ports {
                guard case .tunnel(let tunnel) = port.kind else { continue }
                let identity = [
                    tunnel.kind.rawValue, tunnel.remoteIP, tunnel.localIP ?? "", tunnel.key ?? "0",
                    tunnel.destinationPort.map(String.init) ?? "",
                ].joined(separator: "|")
                if let other = seen[identity] {
                    decoder.error(
                        port.location ?? SourceLocation(file: "", line: 1, column: 1),
                        Decoder.join(nodePath, "bridges.\(bridge.name).ports.\(port.name)"),
                        "tunnel \(port.name) goes to the same remote \(tunnel.remoteIP) with the same key as \(other)",
                        hint: "give one of them a different key/vni (or remove the duplicate)")
                } else {
                    seen[identity] = port.name
                }
            }
        }
    }
}
