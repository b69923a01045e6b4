import OpenFlow
import OpenFlowText

/// The desired flows found by what their matches mean (`FlowMatch`: the fields as OVS sees
/// them, whatever their encoding or order) rather than by their bytes (`FlowKey`).
///
/// Why: a switch may report a match in other bytes than were sent (a spelled-out mask, another
/// encoding of a field), and ovs-ofctl compares matches by meaning; such a flow is the same flow,
/// not one to delete and one to add. Almost every flow is found by its bytes, so this is built
/// only when one is not, and decodes only the desired matches with that flow's table and
/// priority, once each: decoding every desired match was most of replace-flows' time.
struct MatchMeaningIndex {
    private struct Slot: Hashable {
        var table: UInt8
        var priority: UInt16
    }

    /// The position of each distinct desired key, by table and priority.
    private let candidates: [Slot: [Int]]
    private var decoded: [Slot: [FlowMatch: Int]] = [:]

    init(_ desired: DesiredFlows) {
        var candidates: [Slot: [Int]] = [:]
        for (index, flow) in desired.flows.enumerated() where desired.firstWithKey[index] == index {
            candidates[Slot(table: flow.tableID, priority: flow.priority), default: []].append(index)
        }
        self.candidates = candidates
    }

    /// The position of the desired key that means the same as `flow`'s match, if any.
    mutating func position(of flow: FlowStats, in desired: DesiredFlows) -> Int? {
        let slot = Slot(table: flow.tableID, priority: flow.priority)
        guard let positions = candidates[slot] else { return nil }
        if decoded[slot] == nil {
            var byMeaning: [FlowMatch: Int] = [:]
            for position in positions { byMeaning[FlowMatch(desired.flows[position].match)] = position }
            decoded[slot] = byMeaning
        }
        return decoded[slot]?[FlowMatch(flow.match)]
    }
}
