import OpenFlow
import OpenFlowText
import Topology

/// One line of a bridge's flow diff in `ovs-ofctl` syntax: `+ flow table=2,priority=…,actions=…`,
/// `~ group group_id=…`, `- flow …`, with the policy rule (file:line:column) that wants it.
public struct FlowChange: Sendable, Hashable, Codable {
    public enum Subject: String, Sendable, Hashable, Codable {
        case flow, group
    }

    public var action: Change.Action
    public var subject: Subject
    /// The entry as `ovs-ofctl add-flow`/`add-group` would take it (a deleted flow: its key only).
    public var entry: String
    /// The rule that produced the entry; nil for the pipeline's own flows and for deletions.
    public var origin: String?

    public init(action: Change.Action, subject: Subject, entry: String, origin: String? = nil) {
        self.action = action
        self.subject = subject
        self.entry = entry
        self.origin = origin
    }

    public var text: String {
        "\(action.symbol) \(subject.rawValue) \(entry)" + (origin.map { "  # \($0)" } ?? "")
    }
}

/// Where each desired flow and group came from, so plans and errors can name the rule.
public struct FlowOrigins: Sendable, Hashable {
    public var flows: [FlowKey: SourceLocation] = [:]
    public var groups: [UInt32: SourceLocation] = [:]

    public init() {}

    public init(flows: [(FlowMod, SourceLocation?)], groups: [(GroupMod, SourceLocation?)]) {
        for (flow, origin) in flows {
            if let origin {
                self.flows[FlowKey(table: flow.tableID, priority: flow.priority, match: flow.match)] = origin
            }
        }
        for (group, origin) in groups {
            if let origin { self.groups[group.groupID] = origin }
        }
    }

    /// The rule behind one message of `FlowPlan.messages` (a flow or group mod).
    public func origin(of body: OFMessage.Body) -> SourceLocation? {
        switch body {
        case .flowMod(let flow): flows[FlowKey(table: flow.tableID, priority: flow.priority, match: flow.match)]
        case .groupMod(let group): groups[group.groupID]
        default: nil
        }
    }
}

extension FlowPlan {
    /// The plan as diff lines: groups before the flows that use them, then deletions, as applied.
    public func changes(names: PortNames?, origins: FlowOrigins) -> [FlowChange] {
        var lines: [FlowChange] = []
        func groupLine(_ action: Change.Action, _ group: GroupMod) -> FlowChange {
            FlowChange(
                action: action, subject: .group,
                entry: GroupSyntax.format(
                    groupID: group.groupID, type: group.type, buckets: group.buckets, names: names),
                origin: origins.groups[group.groupID]?.description)
        }
        func flowLine(_ action: Change.Action, _ flow: FlowMod) -> FlowChange {
            let key = FlowKey(table: flow.tableID, priority: flow.priority, match: flow.match)
            return FlowChange(
                action: action, subject: .flow, entry: FlowFormatter.flowLine(flow, names: names),
                origin: origins.flows[key]?.description)
        }
        lines += addedGroups.map { groupLine(.add, $0) }
        lines += modifiedGroups.map { groupLine(.modify, $0) }
        lines += addedFlows.map { flowLine(.add, $0) }
        lines += modifiedFlows.map { flowLine(.modify, $0) }
        lines += takenOverFlows.map { flowLine(.modify, $0) }
        for key in deletedFlows {
            let flow = FlowMod(command: .deleteStrict, tableID: key.table, priority: key.priority, match: key.match)
            let text = FlowFormatter.flowLine(flow, names: names)
            // A key has no actions; drop the formatter's trailing `actions=drop`.
            lines.append(
                FlowChange(
                    action: .delete, subject: .flow,
                    entry: text.hasSuffix(",actions=drop") ? String(text.dropLast(",actions=drop".count)) : text))
        }
        lines += deletedGroups.map { FlowChange(action: .delete, subject: .group, entry: "group_id=\($0)") }
        return lines
    }
}
