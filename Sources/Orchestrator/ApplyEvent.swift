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
}

/// What an apply did.
public struct ApplyReport: Sendable, Equatable {
    /// Nodes whose transaction was sent.
    public var changedNodes: [String] = []
    /// Nodes that needed nothing (no write sent).
    public var unchangedNodes: [String] = []
    public var interfaceErrors: [String] = []

    public init() {}
}
