import OpenFlowText
import PolicyCompiler
import Reconciler

/// Plan lines for many added flows, formatted in slices side by side.
///
/// Why: a new bridge's plan lists its flows (thirty thousand for ten thousand rules with
/// `--all-flows`), and formatting them in ovs-ofctl syntax one by one was most of the time of a
/// first `plan`.
enum FlowLines {
    static func added(_ flows: [CompiledFlow], names: PortNames) -> [FlowChange] {
        ConcurrentSlices.map(flows, sliceSize: 2048) { line($0, names: names) }
    }

    static func line(_ flow: CompiledFlow, names: PortNames) -> FlowChange {
        FlowChange(
            action: .add, subject: .flow, entry: FlowFormatter.flowLine(flow.flow, names: names),
            origin: flow.origin?.description)
    }
}
