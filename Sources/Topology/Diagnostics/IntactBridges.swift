/// The part of a file that failed validation which can still be checked further: each node with
/// only the bridges no diagnostic points into. `validate` compiles their policies as well, so a
/// bad rule on one bridge is reported in the same run as a schema error on another, rather than
/// after the schema error has been fixed.
enum IntactBridges {
    static func topology(
        name: String?, nodes: [TopologyNode], overlays: [Overlay], diagnostics: [Diagnostic]
    ) -> Topology {
        // A broken overlay may have left its bridges without their tunnel ports; a rule naming
        // one would then be reported as naming an unknown port.
        let overlaysBroken = diagnostics.contains { isUnder($0.path, "overlays") }
        let overlayBridges = Set(overlays.map(\.bridge))
        let kept = nodes.map { node in
            let bridges = node.bridges.filter { bridge in
                if overlaysBroken && overlayBridges.contains(bridge.name) { return false }
                // A single-node file's paths have no `nodes.NAME.` in front; a node of a `nodes:`
                // file cannot have top-level `bridges.` paths, so looking for both is exact.
                let paths = ["bridges.\(bridge.name)", "nodes.\(node.name).bridges.\(bridge.name)"]
                return !diagnostics.contains { diagnostic in paths.contains { isUnder(diagnostic.path, $0) } }
            }
            return TopologyNode(
                name: node.name, endpoint: node.endpoint, underlayIP: node.underlayIP, bridges: bridges,
                location: node.location)
        }
        return Topology(name: name ?? "", nodes: kept, overlays: overlays)
    }

    /// Whether `path` is `prefix` itself or something inside it (`prefix.key`, `prefix[3]`).
    static func isUnder(_ path: String, _ prefix: String) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        let rest = path.dropFirst(prefix.count)
        return rest.isEmpty || rest.hasPrefix(".") || rest.hasPrefix("[")
    }
}
