/// Why a plan or apply did not complete, per node.
public enum OrchestratorError: Error, Sendable, Equatable, CustomStringConvertible {
    case connect(node: String, String)
    /// The plan has conflicts (rows owned by someone else); nothing was sent.
    case conflicts([String])
    /// A `wait` guard failed: the node changed after it was planned. Nothing was changed there.
    case stale(node: String)
    /// A bridge's owned flows or groups changed after it was planned (the reason says how).
    /// Nothing was changed on that node.
    case staleFlows(node: String, bridge: String, String)
    /// The file's policies do not compile (each problem located); nothing was sent.
    case invalidPolicies([String])
    case transaction(node: String, String)
    /// ovs-vswitchd did not report the new configuration (`cur_cfg`) in time.
    case notRealized(node: String, target: Int64, current: Int64)
    /// After apply, planning again still shows changes.
    case verify(node: String, [String])
    /// A bridge's flows could not be read or installed (nothing was changed on that bridge).
    case flows(node: String, bridge: String, String)
    /// A bridge's policies do not compile against the live switch (each problem located).
    case policy(node: String, bridge: String, [String])
    /// Rules need the MAC of a plugin that neither the file nor OVSDB gives (each plugin located,
    /// with the ways to make it known). Found before anything is sent.
    case unknownMAC(node: String, bridge: String, [String])

    public var description: String {
        switch self {
        case .connect(let node, let reason): return "node \(node): \(reason)"
        case .conflicts(let conflicts):
            return "the plan has conflicts, nothing was applied:\n"
                + conflicts.map { "  \($0)" }.joined(separator: "\n")
        case .stale(let node):
            return "node \(node) changed after it was planned; nothing was changed there. Run plan again."
        case .staleFlows(let node, let bridge, let reason):
            return "node \(node), bridge \(bridge): stale plan: the flows changed after they were planned "
                + "(\(reason)); nothing was changed on this node. Run plan again."
        case .invalidPolicies(let problems):
            return "the policies do not compile:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        case .transaction(let node, let reason): return "node \(node): transaction failed: \(reason)"
        case .notRealized(let node, let target, let current):
            return "node \(node): ovs-vswitchd has not applied configuration \(target) (it is at \(current))"
        case .verify(let node, let changes):
            return "node \(node): still differs after apply:\n" + changes.map { "  \($0)" }.joined(separator: "\n")
        case .flows(let node, let bridge, let reason): return "node \(node), bridge \(bridge): \(reason)"
        case .policy(let node, let bridge, let problems):
            return "node \(node), bridge \(bridge): the policies do not compile:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        case .unknownMAC(let node, let bridge, let problems):
            return "node \(node), bridge \(bridge): nothing was applied, a plugin's MAC is not known:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
