import OpenFlow

/// A bridge's desired flows with each flow's key computed once.
///
/// Why: `apply` plans a bridge, sends its bundle and plans it again to verify, against the same
/// desired flows. Keying 31,000 desired flows (canonical match, hash) was a third of each plan;
/// built once, in the background while the bundle is sent, the verifying plan only keys what the
/// switch reports.
public struct DesiredFlows: Sendable {
    public let flows: [FlowMod]
    /// For each key, the position of the first flow that has it.
    let firstPosition: [FlowKey: Int]
    /// For each flow, the position of the first flow with its key (itself, unless two flows
    /// share a key).
    let firstWithKey: [Int]
    /// Each flow's instructions as bytes: most switch flows are then compared without decoding
    /// theirs.
    let instructions: [EncodedInstructions]

    public init(_ flows: [FlowMod]) {
        self.flows = flows
        // Keys and instruction bytes are built in slices on every core (they were a sixth of an
        // unchanged apply, on its critical path: the compare waits for them); the index is then
        // filled in order, so the first flow with a key is found as before.
        let keys = ConcurrentSlices.map(flows) { FlowKey(table: $0.tableID, priority: $0.priority, match: $0.match) }
        instructions = ConcurrentSlices.map(flows) { EncodedInstructions($0.instructions) }
        var positions: [FlowKey: Int] = [:]
        positions.reserveCapacity(flows.count)
        var first: [Int] = []
        first.reserveCapacity(flows.count)
        for (index, key) in keys.enumerated() {
            if let earlier = positions[key] {
                first.append(earlier)
            } else {
                positions[key] = index
                first.append(index)
            }
        }
        firstPosition = positions
        firstWithKey = first
    }

    /// The position of the first desired flow with `flow`'s key (table, priority, match).
    public func position(of flow: FlowMod) -> Int? {
        firstPosition[FlowKey(table: flow.tableID, priority: flow.priority, match: flow.match)]
    }
}
