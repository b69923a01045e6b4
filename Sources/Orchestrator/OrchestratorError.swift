import Controller
import OVSDBClient
import Topology

/// Why a plan or apply did not complete, per node. Failures of the layers below keep their own
/// typed error as the cause (`cause`), so a caller can tell a refused connection from a timeout
/// without reading the text.
public enum OrchestratorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The node's OVSDB server could not be reached (or its replica is gone).
    case connect(node: String, OVSDBClientError)
    /// The plan has conflicts (rows owned by someone else); nothing was sent.
    case conflicts([String])
    /// A `wait` guard failed: the node changed after it was planned. Nothing was changed there.
    case stale(node: String)
    /// A bridge's owned flows or groups changed after it was planned (the reason says how).
    /// Nothing was changed on that node.
    case staleFlows(node: String, bridge: String, String)
    /// The file's policies do not compile (each problem located); nothing was sent.
    case invalidPolicies([String])
    /// The node's transaction failed for another reason than a stale guard.
    case transaction(node: String, OVSDBClientError)
    /// Clearing `other_config:flow-restore-wait` failed (the flows are in place).
    case flowRestore(node: String, OVSDBClientError)
    /// ovs-vswitchd did not report the new configuration (`cur_cfg`) in time.
    case notRealized(node: String, target: Int64, current: Int64)
    /// After apply, planning again still shows changes.
    case verify(node: String, [String])
    /// Talking OpenFlow to a bridge's management socket failed at `step`.
    case openFlow(node: String, bridge: String, OpenFlowStep, cause: any Error)
    /// The switch refused the bundle; nothing was changed on the bridge. `rule` is where the
    /// refused flow comes from in the file, when it comes from a rule.
    case bundleRefused(node: String, bridge: String, BundleFailure, rule: SourceLocation?)
    /// A bridge's flows cannot be installed (the reason says why; nothing was changed there).
    case flows(node: String, bridge: String, String)
    /// A bridge's policies do not compile against the live switch (each problem located).
    case policy(node: String, bridge: String, [String])
    /// Rules need the MAC of a plugin that neither the file nor OVSDB gives (each plugin located,
    /// with the ways to make it known). Found before anything is sent.
    case unknownMAC(node: String, bridge: String, [String])

    /// What a bridge's OpenFlow exchange was doing when it failed.
    public enum OpenFlowStep: String, Sendable {
        case connecting = "cannot reach the management socket"
        case readingPorts = "cannot read the ports"
        case readingTables = "cannot read the flow tables"
        case verifying = "cannot read the flow tables after apply"
        case sending = "cannot send the bundle"
    }

    /// The error of the layer below, when there is one.
    public var cause: (any Error)? {
        switch self {
        case .connect(_, let error), .transaction(_, let error), .flowRestore(_, let error): error
        case .openFlow(_, _, _, let error): error
        case .bundleRefused(_, _, let failure, _): ControllerError.bundleFailed(failure)
        default: nil
        }
    }

    /// Equal when they say the same: causes from other layers are not all `Equatable`.
    public static func == (lhs: OrchestratorError, rhs: OrchestratorError) -> Bool {
        lhs.description == rhs.description
    }

    public var description: String {
        switch self {
        case .connect(let node, let cause): return "node \(node): \(cause)"
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
        case .transaction(let node, let cause): return "node \(node): transaction failed: \(cause)"
        case .flowRestore(let node, let cause):
            return "node \(node): clearing other_config:flow-restore-wait failed: \(cause)"
        case .notRealized(let node, let target, let current):
            return "node \(node): ovs-vswitchd has not applied configuration \(target) (it is at \(current))"
        case .verify(let node, let changes):
            return "node \(node): still differs after apply:\n" + changes.map { "  \($0)" }.joined(separator: "\n")
        case .openFlow(let node, let bridge, let step, let cause):
            return "node \(node), bridge \(bridge): \(step.rawValue): \(cause)"
        case .bundleRefused(let node, let bridge, let failure, let rule):
            return "node \(node), bridge \(bridge): "
                + (rule.map { "the flow for the rule at \($0) was refused: " } ?? "") + failure.description
                + "; nothing was changed on this bridge"
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
