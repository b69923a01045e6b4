import OpenFlow
import Topology

/// Checks compiled flows against the pipeline declared as data and against OXM prerequisites, so
/// a compiler bug shows up as a named problem here instead of a refused bundle on a switch.
enum PipelineCheck {
    /// What is wrong with one flow by itself: its table, its cookie, its match. Called as the flow
    /// is emitted, with the fields its match is built from, so no match is parsed back (parsing
    /// every match of thirty thousand flows again was a large part of a compile).
    static func problems(of flow: FlowMod, fields: [OXMField]) -> [String] {
        var checks = MatchCheckCache()
        return problems(of: flow, fields: fields, checks: &checks)
    }

    /// `problems(of:fields:)` with the match's verdict taken from `checks` when a match of the
    /// same shape was checked before.
    static func problems(of flow: FlowMod, fields: [OXMField], checks: inout MatchCheckCache) -> [String] {
        var problems: [String] = []
        guard let table = Pipeline.table(flow.tableID) else { return ["no such table in the pipeline"] }
        if !SwitchboardCookie.isOurs(flow.cookie) {
            problems.append("cookie 0x\(String(flow.cookie, radix: 16)) is not ours")
        }
        if let problem = checks.problem(with: fields) { problems.append(problem) }
        if !table.tracked, fields.contains(where: { $0.id == .ctState }) {
            problems.append("matches ct_state before conntrack")
        }
        return problems
    }

    /// What is wrong with the flows and groups together: where each flow may continue, and which
    /// groups it uses.
    static func check(_ compiled: CompiledPolicy) -> [PolicyDiagnostic] {
        var problems: [PolicyDiagnostic] = []
        let groups = Dictionary(compiled.groups.map { ($0.group.groupID, $0.group) }, uniquingKeysWith: { a, _ in a })
        // By index, reading only the table and instructions: copying each of thirty thousand
        // flows out of the list (match, instructions, origin) was a third of this check.
        for index in compiled.flows.indices {
            // A flow in no table is reported by `problems(of:fields:)`.
            guard let table = Pipeline.table(compiled.flows[index].flow.tableID) else { continue }
            let instructions = compiled.flows[index].flow.instructions
            func fail(_ message: String) {
                let entry = compiled.flows[index]
                problems.append(diagnostic(entry.flow, message, at: entry.origin))
            }
            for target in continuations(of: instructions, groups: groups) where !table.next.contains(target) {
                fail("continues to table \(target), which \(table.name) may not")
            }
            if !table.toController, sendsToController(instructions) {
                fail("sends to the controller, which \(table.name) may not")
            }
            for case .applyActions(let actions) in instructions {
                for case .group(let id) in actions where groups[id] == nil || !SwitchboardGroupID.contains(id) {
                    fail("refers to group \(id), which is not one of ours")
                }
            }
        }
        return problems
    }

    static func diagnostic(_ flow: FlowMod, _ message: String, at origin: SourceLocation?) -> PolicyDiagnostic {
        PolicyDiagnostic(.error, "internal: table \(flow.tableID) flow \(flow.match): \(message)", at: origin)
    }

    private static func sendsToController(_ instructions: [Instruction]) -> Bool {
        instructions.contains { instruction in
            switch instruction {
            case .applyActions(let actions), .writeActions(let actions):
                actions.contains { if case .output(.controller, _) = $0 { true } else { false } }
            default: false
            }
        }
    }

    /// Every table a flow with these instructions can send a packet on to.
    private static func continuations(of instructions: [Instruction], groups: [UInt32: GroupMod]) -> [UInt8] {
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
        for instruction in instructions {
            switch instruction {
            case .gotoTable(let table): targets.append(table)
            case .applyActions(let actions), .writeActions(let actions): scan(actions)
            default: break
            }
        }
        return targets
    }
}
