import OpenFlow

/// One flow where the installed flows (a switch's, or a file's for diff-flows) and the desired
/// ones disagree, as `FlowComparison.differences()` lists them.
public enum FlowDifference: Sendable {
    /// Desired, and no installed flow has its key.
    case added(FlowMod)
    /// Installed with the same key but another cookie, timeouts, importance or instructions.
    case changed(installed: FlowStats, desired: FlowMod)
    /// Installed (and owned), and no desired flow has its key.
    case removed(FlowStats)
}
