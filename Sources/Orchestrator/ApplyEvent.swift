/// Progress of an apply, one event per step and node (the CLI prints them as they come).
public enum ApplyEvent: Sendable, Equatable {
    case unchanged(node: String)
    case sending(node: String, operations: Int)
    case committed(node: String, configuration: Int64)
    case realized(node: String, milliseconds: Int)
    case verified(node: String)
    /// ovs-vswitchd accepted the rows but reports a problem on an interface (e.g. a device that
    /// does not exist on this host yet).
    case interfaceError(node: String, interface: String, error: String)
    /// A bridge's flow and group changes are going out as one bundle.
    case sendingFlows(node: String, bridge: String, messages: Int)
    /// What the plan said would be bound at apply, or what the node's transaction did to the
    /// bridge's flows, made the planned messages unfit: the bridge's flows were planned again.
    case flowsReplanned(node: String, bridge: String, reason: String)
    /// The bundle committed and a re-plan of the bridge's flows came out empty.
    case flowsInstalled(node: String, bridge: String, added: Int, changed: Int, deleted: Int)
    /// ovs-vswitchd was started with other_config:flow-restore-wait=true; the flows are back, so
    /// the key was cleared. Bridges with controllers have their tables flushed by OVS as it
    /// connects to them, and get the flows again from `serve --topology`.
    case flowRestoreFinished(node: String, bridgesWithControllers: [String])
}

/// What an apply did.
public struct ApplyReport: Sendable, Equatable {
    /// Nodes whose transaction was sent.
    public var changedNodes: [String] = []
    /// Nodes that needed nothing (no write sent).
    public var unchangedNodes: [String] = []
    public var interfaceErrors: [String] = []
    /// `node/bridge` of every bridge whose flows or groups were changed.
    public var changedBridges: [String] = []
    /// Nodes whose flow-restore-wait was cleared after their flows were restored.
    public var restoredNodes: [String] = []

    public init() {}
}
