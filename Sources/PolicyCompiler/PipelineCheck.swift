import OpenFlow
import Topology

/// Checks compiled flows against the pipeline declared as data and against OXM prerequisites, so
/// a compiler bug shows up as a named problem here instead of a refused bundle on a switch.
enum PipelineCheck {
    static func check(_ compiled: CompiledPolicy) -> [PolicyDiagnostic] {
        var problems: [PolicyDiagnostic] = []
        let groups = Dictionary(compiled.groups.map { ($0.group.groupID, $0.group) }, uniquingKeysWith: { a, _ in a })
        for entry in compiled.flows {
            let flow = entry.flow
            func fail(_ message: String) {
                problems.append(
                    PolicyDiagnostic(
                        .error, "internal: table \(flow.tableID) flow \(flow.match): \(message)", at: entry.origin))
            }
            guard let table = Pipeline.table(flow.tableID) else {
                fail("no such table in the pipeline")
                continue
            }
            if !SwitchboardCookie.isOurs(flow.cookie) { fail("cookie 0x\(String(flow.cookie, radix: 16)) is not ours") }
            do throws(OFDecodeError) {
                try flow.match.validate()
            } catch {
                fail(error.description)
            }
            if flow.match[.ctState] != nil, !table.tracked { fail("matches ct_state before conntrack") }
            for target in continuations(of: flow, groups: groups) where !table.next.contains(target) {
                fail("continues to table \(target), which \(table.name) may not")
            }
            for case .applyActions(let actions) in flow.instructions {
                for case .group(let id) in actions where groups[id] == nil || !SwitchboardGroupID.contains(id) {
                    fail("refers to group \(id), which is not one of ours")
                }
            }
        }
        return problems
    }

    /// Every table a flow can send a packet on to.
    private static func continuations(of flow: FlowMod, groups: [UInt32: GroupMod]) -> [UInt8] {
        var targets: [UInt8] = []
        func scan(_ actions: [Action]) {
            for action in actions {
                switch action {
                case .nicira(.resubmitTable(_, let table)): targets.append(table)
                case .nicira(.ct(let ct)) where ct.recirculateTable != NiciraAction.Conntrack.noRecirculation:
                    targets.append(ct.recirculateTable)
                case .group(let id): groups[id].map { group in group.buckets.forEach { scan($0.actions) } }
                default: break
                }
            }
        }
        for instruction in flow.instructions {
            switch instruction {
            case .gotoTable(let table): targets.append(table)
            case .applyActions(let actions), .writeActions(let actions): scan(actions)
            default: break
            }
        }
        return targets
    }
}
