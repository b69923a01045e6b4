import Topology

/// The bridge-level inputs the compiler needs, taken from a topology file's bridge.
extension BridgePolicy {
    /// `bridge`'s plugins and rules with the switch's port numbers. `zone` keeps this bridge's
    /// conntrack state apart from other bridges on the same datapath. `learnedMACs` (by plugin
    /// name) fills in the MACs of plugins the file gives none; the file's own `mac:` wins.
    public init(
        _ bridge: Bridge, portNumbers: [String: UInt32], zone: UInt16, learnedMACs: [String: MACAddress] = [:]
    ) {
        let plugins = bridge.plugins.compactMap(PolicyPlugin.init).map { plugin in
            var plugin = plugin
            if plugin.learnsMAC { plugin.mac = learnedMACs[plugin.name] }
            return plugin
        }
        self.init(
            bridge: bridge.name, plugins: plugins, rules: bridge.policies ?? [], portNumbers: portNumbers, zone: zone)
    }

    /// Port numbers for checking a file without a switch: each port's `ofport_request`, the rest
    /// numbered after the highest request, in file order. Compilation then finds every problem
    /// that does not depend on the live switch.
    public static func placeholderPortNumbers(for bridge: Bridge) -> [String: UInt32] {
        var numbers: [String: UInt32] = [:]
        var next = UInt32(bridge.ports.compactMap(\.ofportRequest).max() ?? 0) + 1
        for port in bridge.ports {
            if let requested = port.ofportRequest {
                numbers[port.name] = UInt32(requested)
            } else {
                numbers[port.name] = next
                next += 1
            }
        }
        return numbers
    }
}

/// Policy problems of a whole topology file, found without touching a switch.
public enum TopologyPolicyCheck {
    /// The conntrack zone of each flow-managed bridge of a node: 1, 2, … in file order, so the
    /// same file always gives the same zones.
    public static func zones(of node: TopologyNode) -> [String: UInt16] {
        var zones: [String: UInt16] = [:]
        for bridge in node.bridges where bridge.managesFlows { zones[bridge.name] = UInt16(zones.count + 1) }
        return zones
    }

    /// Errors and warnings of every bridge's policies, each located in the file. A rule naming a
    /// plugin that has no `ip` is reported as such rather than as an unknown plugin.
    public static func check(_ topology: Topology) -> [PolicyDiagnostic] {
        checkAndCompile(topology).diagnostics
    }

    /// `check`, also keeping each bridge that compiled, so `plan` and `apply` compile a bridge
    /// once: `portNumbers` gives a bridge's live numbers when its switch has all the file's ports
    /// already (nil: the placeholders). Diagnostics do not depend on the numbers, only on which
    /// ports exist, and both sets are the file's ports.
    /// `learnedMACs` gives the MACs plan and apply learned for a bridge's plugins (by name); a
    /// plugin whose MAC is still unknown is no error here, its rules are held (see
    /// `CompiledPolicy.awaitingMAC`).
    public static func checkAndCompile(
        _ topology: Topology, portNumbers: (TopologyNode, Bridge) -> [String: UInt32]? = { _, _ in nil },
        learnedMACs: (TopologyNode, Bridge) -> [String: MACAddress] = { _, _ in [:] }
    ) -> (diagnostics: [PolicyDiagnostic], compiled: [CheckedBridge]) {
        var diagnostics: [PolicyDiagnostic] = []
        var compiled: [CheckedBridge] = []
        for node in topology.nodes {
            let zones = zones(of: node)
            for bridge in node.bridges where bridge.managesFlows {
                diagnostics += pluginsWithoutAddress(bridge)
                let numbers = portNumbers(node, bridge) ?? BridgePolicy.placeholderPortNumbers(for: bridge)
                let policy = BridgePolicy(
                    bridge, portNumbers: numbers, zone: zones[bridge.name] ?? 1,
                    learnedMACs: learnedMACs(node, bridge))
                do {
                    let result = try PolicyCompiler().compile(policy)
                    diagnostics += result.warnings
                    compiled.append(CheckedBridge(node: node.name, policy: policy, compiled: result))
                } catch {
                    diagnostics += error.diagnostics
                }
            }
        }
        return (diagnostics, compiled)
    }

    private static func pluginsWithoutAddress(_ bridge: Bridge) -> [PolicyDiagnostic] {
        let unaddressed = Set(bridge.plugins.filter { PolicyPlugin($0) == nil }.map(\.name))
        guard !unaddressed.isEmpty else { return [] }
        var result: [PolicyDiagnostic] = []
        for rule in bridge.policies ?? [] {
            for name in referencedPlugins(rule.action) where unaddressed.contains(name) {
                result.append(
                    PolicyDiagnostic(
                        .error, "plugin \(name) has no ip, so rules cannot steer traffic to it", at: rule.location,
                        hint: "give the plugin an `ip:`"))
            }
        }
        return result
    }

    private static func referencedPlugins(_ action: PolicyAction) -> [String] {
        switch action {
        case .dnat(let targets, _):
            return targets.compactMap { if case .name(let name) = $0.plugin { name } else { nil } }
        case .copy(.name(let name), _, _), .through(.name(let name)): return [name]
        default: return []
        }
    }
}
