import CoreMetrics

/// `serve --topology`'s own metrics, beside the controller's (see Docs/controller.md).
enum TopologyAppMetrics {
    static let reconciles = Counter(label: "switchboard_topology_reconciles_total")
    /// Flow and group mods sent in reconcile bundles.
    static let messages = Counter(label: "switchboard_topology_flow_mods_total")
}
