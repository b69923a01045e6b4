/// Plugins and policies in the picture: a plugin is drawn next to the port it sits behind, and
/// the rules that send traffic to it (DNAT, COPY, THROUGH) as one edge per action from the bridge,
/// so a bridge of ten thousand rules still draws a handful of edges.
extension TopologyGraph {
    /// The bridge's name and, when Switchboard owns its flows, its rules counted by action.
    static func label(_ bridge: Bridge) -> String {
        guard let policies = bridge.policies else { return bridge.name }
        guard !policies.isEmpty else { return bridge.name + "\npolicies: none" }
        var counts: [(action: String, count: Int)] = []
        for rule in policies {
            if let index = counts.firstIndex(where: { $0.action == rule.action.name }) {
                counts[index].count += 1
            } else {
                counts.append((rule.action.name, 1))
            }
        }
        let summary = counts.map { "\($0.count) \($0.action)" }.joined(separator: ", ")
        return bridge.name + "\n\(policies.count) rule\(policies.count == 1 ? "" : "s"): \(summary)"
    }

    /// DOT statements for the plugins of one bridge: `nodes` go in the node's cluster.
    static func pluginStatements(node: String, bridge: Bridge) -> (nodes: [String], edges: [String]) {
        var nodes: [String] = []
        var edges: [String] = []
        for plugin in bridge.plugins {
            let pluginID = self.pluginID(node, bridge, plugin.name)
            let details = [plugin.ip, plugin.mac].compactMap { $0 }
            nodes.append(
                "\(pluginID) [shape=component, style=filled, fillcolor=lightyellow, "
                    + "label=\(quote((["plugin " + plugin.name] + details).joined(separator: "\n")))];")
            edges.append("\(id(node, plugin.port)) -> \(pluginID) [arrowhead=none, style=dotted];")
        }
        var steered: [(plugin: String, action: String, count: Int)] = []
        for rule in bridge.policies ?? [] {
            for plugin in steeredPlugins(rule.action, among: bridge.plugins) {
                if let index = steered.firstIndex(where: { $0.plugin == plugin && $0.action == rule.action.name }) {
                    steered[index].count += 1
                } else {
                    steered.append((plugin, rule.action.name, 1))
                }
            }
        }
        for edge in steered {
            let label = edge.action + (edge.count == 1 ? "" : " ×\(edge.count)")
            edges.append(
                "\(id(node, bridge.name)) -> \(pluginID(node, bridge, edge.plugin)) "
                    + "[color=darkorange, fontcolor=darkorange, label=\(quote(label))];")
        }
        return (nodes, edges)
    }

    /// The plugins of `plugins` a rule's action sends traffic to, by name or by address.
    static func steeredPlugins(_ action: PolicyAction, among plugins: [Plugin]) -> [String] {
        let references: [PluginReference]
        switch action {
        case .dnat(let targets, _): references = targets.map(\.plugin)
        case .copy(let plugin, _, _), .through(let plugin): references = [plugin]
        case .accept, .drop, .snat, .masquerade: references = []
        }
        var names: [String] = []
        for reference in references {
            let match: Plugin?
            switch reference {
            case .name(let name): match = plugins.first { $0.name == name }
            case .address(let address): match = plugins.first { PolicyPlugin($0)?.address == address }
            }
            if let name = match?.name, !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Plugin names are per bridge, so the bridge is part of the id.
    static func pluginID(_ node: String, _ bridge: Bridge, _ plugin: String) -> String {
        quote(node + "/" + bridge.name + "/plugin:" + plugin)
    }
}
