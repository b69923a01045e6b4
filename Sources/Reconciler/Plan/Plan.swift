import OVSDB

/// What apply would do, per node and per bridge. Each node's OVSDB changes become one transaction
/// (`NodePlan.operations`); each bridge's flow and group changes (`BridgePlan.flows`) one
/// OpenFlow bundle, sent after its node's transaction.
public struct Plan: Sendable, Hashable, Codable {
    public var topology: String
    public var nodes: [NodePlan]

    public init(topology: String, nodes: [NodePlan]) {
        self.topology = topology
        self.nodes = nodes
    }

    public var hasChanges: Bool { nodes.contains { $0.hasChanges } }

    /// Puts a bridge's flow changes into its node's plan (creating the bridge's section if the
    /// bridge has no OVSDB changes): `flows` to read (the first of them, `unlisted` more), `plan`
    /// to send.
    public mutating func addFlows(
        _ flows: [FlowChange], unlisted: Int = 0, plan: BridgeFlowPlan, node: String, bridge: String
    ) {
        guard let n = nodes.firstIndex(where: { $0.node == node }) else { return }
        let b =
            nodes[n].bridges.firstIndex(where: { $0.bridge == bridge })
            ?? {
                nodes[n].bridges.append(BridgePlan(bridge: bridge, changes: []))
                return nodes[n].bridges.count - 1
            }()
        nodes[n].bridges[b].flows += flows
        nodes[n].bridges[b].unlistedFlows = unlisted
        nodes[n].bridges[b].flowPlan = plan
    }

    /// The flow plan of `bridge` on `node`, if it manages flows.
    public func flowPlan(node: String, bridge: String) -> BridgeFlowPlan? {
        nodes.first { $0.node == node }?.bridges.first { $0.bridge == bridge }?.flowPlan
    }

    /// Records where the MACs of a bridge's plugins come from (creating the bridge's section if
    /// needed); no change by itself.
    public mutating func addPluginMACs(_ macs: [PluginMAC], node: String, bridge: String) {
        guard !macs.isEmpty, let n = nodes.firstIndex(where: { $0.node == node }) else { return }
        if let b = nodes[n].bridges.firstIndex(where: { $0.bridge == bridge }) {
            nodes[n].bridges[b].pluginMACs += macs
        } else {
            var section = BridgePlan(bridge: bridge, changes: [])
            section.pluginMACs = macs
            nodes[n].bridges.append(section)
        }
    }

    public var conflicts: [String] { nodes.flatMap { node in node.conflicts.map { "node \(node.node): \($0)" } } }
    public var summary: Summary { nodes.reduce(Summary()) { $0 + $1.summary } }
    public var flowSummary: Summary { nodes.reduce(Summary()) { $0 + $1.flowSummary } }

    /// The summary line with flow and group changes after the OVSDB ones:
    /// `Plan: 1 to add, 0 to change, 0 to delete; flows and groups: 14 to add, 0 to change, 1 to delete.`
    public var summaryText: String {
        let rows = summary
        let flows = flowSummary
        let restoring = nodes.filter(\.clearsFlowRestoreWait).count
        guard flows.add + flows.change + flows.delete + restoring > 0 else { return rows.text }
        var text = "Plan: \(rows.add) to add, \(rows.change) to change, \(rows.delete) to delete"
        if flows.add + flows.change + flows.delete > 0 {
            text += "; flows and groups: \(flows.add) to add, \(flows.change) to change, \(flows.delete) to delete"
        }
        if restoring > 0 { text += "; flow-restore-wait cleared on \(restoring) node(s) after their flows" }
        return text + "."
    }

    public struct Summary: Sendable, Hashable, Codable {
        public var add = 0
        public var change = 0
        public var delete = 0

        public init(add: Int = 0, change: Int = 0, delete: Int = 0) {
            self.add = add
            self.change = change
            self.delete = delete
        }

        static func + (lhs: Summary, rhs: Summary) -> Summary {
            Summary(add: lhs.add + rhs.add, change: lhs.change + rhs.change, delete: lhs.delete + rhs.delete)
        }

        /// `Plan: 3 to add, 1 to change, 0 to delete.` or `No changes.`
        public var text: String {
            if add + change + delete == 0 { return "No changes." }
            return "Plan: \(add) to add, \(change) to change, \(delete) to delete."
        }
    }
}

public struct NodePlan: Sendable, Hashable, Codable {
    public var node: String
    public var endpoint: String
    public var bridges: [BridgePlan]
    /// Rows the topology wants but another owner has (or nobody does): apply refuses until they
    /// are renamed, removed, or adopted with `--adopt`.
    public var conflicts: [String]
    /// The node's one transaction: `wait` guards on every row planned against, then the changes
    /// (deletes first), then `next_cfg += 1` and a `select` of it so the caller can wait for
    /// ovs-vswitchd. Empty when nothing changes.
    public var operations: [DBOperation]
    /// ovs-vswitchd restarted with `other_config:flow-restore-wait=true` and waits for its flows:
    /// apply installs them, then clears the key (a write even when no row or flow differs).
    public var clearsFlowRestoreWait = false

    public init(
        node: String, endpoint: String, bridges: [BridgePlan], conflicts: [String] = [], operations: [DBOperation] = []
    ) {
        self.node = node
        self.endpoint = endpoint
        self.bridges = bridges
        self.conflicts = conflicts
        self.operations = operations
    }

    public var hasChanges: Bool { clearsFlowRestoreWait || bridges.contains { $0.hasChanges } }
    public var hasRowChanges: Bool { bridges.contains { !$0.changes.isEmpty } }

    public var flowSummary: Plan.Summary {
        var summary = Plan.Summary()
        // A bridge's lines may be a prefix of its changes (see `BridgePlan.unlistedFlows`).
        for bridge in bridges {
            if let planned = bridge.flowPlan { summary = summary + planned.summary }
        }
        for change in bridges.filter({ $0.flowPlan == nil }).flatMap(\.flows) {
            switch change.action {
            case .add: summary.add += 1
            case .modify: summary.change += 1
            case .delete: summary.delete += 1
            }
        }
        return summary
    }

    public var summary: Plan.Summary {
        var summary = Plan.Summary()
        for change in bridges.flatMap(\.changes) {
            switch change.action {
            case .add: summary.add += 1
            case .modify: summary.change += 1
            case .delete: summary.delete += 1
            }
        }
        return summary
    }

    /// The operations are for apply, not for readers of `--json`: only a plan file
    /// (`CodingUserInfoKey.planFile`) carries them, as OVSDB's JSON notation.
    enum CodingKeys: String, CodingKey {
        case node, endpoint, bridges, conflicts, clearsFlowRestoreWait, operations
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(node, forKey: .node)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(bridges, forKey: .bridges)
        try container.encode(conflicts, forKey: .conflicts)
        try container.encode(clearsFlowRestoreWait, forKey: .clearsFlowRestoreWait)
        if encoder.isWritingPlanFile {
            try container.encode(operations.map { $0.json.serialized() }, forKey: .operations)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            node: try container.decode(String.self, forKey: .node),
            endpoint: try container.decode(String.self, forKey: .endpoint),
            bridges: try container.decode([BridgePlan].self, forKey: .bridges),
            conflicts: try container.decode([String].self, forKey: .conflicts))
        clearsFlowRestoreWait = try container.decodeIfPresent(Bool.self, forKey: .clearsFlowRestoreWait) ?? false
        for (index, text) in (try container.decodeIfPresent([String].self, forKey: .operations) ?? []).enumerated() {
            do {
                operations.append(try DBOperation(json: try JSON.parse(text)))
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .operations, in: container, debugDescription: "operation \(index): \(error)")
            }
        }
    }
}

/// One bridge's changes, in apply order: OVSDB rows, then flows and groups.
public struct BridgePlan: Sendable, Hashable, Codable {
    public var bridge: String
    public var changes: [Change]
    /// Flow and group changes as lines to read, for bridges whose flows Switchboard manages.
    public var flows: [FlowChange]
    /// The same changes as the messages apply sends (nil: the bridge's flows are not managed).
    public var flowPlan: BridgeFlowPlan?
    /// How many of those changes `flows` does not list: plans of thousands of flow changes
    /// (a new bridge of ten thousand rules) list the first ones unless asked for all.
    public var unlistedFlows = 0

    /// The MACs learned for plugins the file gives none, and where from.
    public var pluginMACs: [PluginMAC] = []

    public init(bridge: String, changes: [Change], flows: [FlowChange] = []) {
        self.bridge = bridge
        self.changes = changes
        self.flows = flows
    }

    public var hasChanges: Bool { !changes.isEmpty || !flows.isEmpty || flowPlan?.needsApply == true }

    /// What is bound only at apply (port numbers, learned MACs), in words; nil when nothing is.
    public var boundAtApply: String? { flowPlan?.bindingNote }

    /// `--json` shows the flow changes as lines (`flows`) and what is bound at apply; a plan file
    /// (`CodingUserInfoKey.planFile`) also carries the messages.
    enum CodingKeys: String, CodingKey {
        case bridge, changes, flows, unlistedFlows, pluginMACs, boundAtApply, flowPlan
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bridge, forKey: .bridge)
        try container.encode(changes, forKey: .changes)
        try container.encode(flows, forKey: .flows)
        if unlistedFlows > 0 { try container.encode(unlistedFlows, forKey: .unlistedFlows) }
        try container.encode(pluginMACs, forKey: .pluginMACs)
        try container.encodeIfPresent(boundAtApply, forKey: .boundAtApply)
        if encoder.isWritingPlanFile { try container.encodeIfPresent(flowPlan, forKey: .flowPlan) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            bridge: try container.decode(String.self, forKey: .bridge),
            changes: try container.decode([Change].self, forKey: .changes),
            flows: try container.decode([FlowChange].self, forKey: .flows))
        pluginMACs = try container.decodeIfPresent([PluginMAC].self, forKey: .pluginMACs) ?? []
        unlistedFlows = try container.decodeIfPresent(Int.self, forKey: .unlistedFlows) ?? 0
        flowPlan = try container.decodeIfPresent(BridgeFlowPlan.self, forKey: .flowPlan)
    }
}

extension Encoder {
    /// Whether this encodes a plan file (`CodingUserInfoKey.planFile`), not `--json` output.
    var isWritingPlanFile: Bool { userInfo[.planFile] as? Bool == true }
}

extension CodingUserInfoKey {
    /// Set to `true` when encoding a plan for a plan file: the OVSDB operations and OpenFlow
    /// messages apply sends are written too, not only what people read.
    public static let planFile: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "switchboard.planFile") else { preconditionFailure("a valid key") }
        return key
    }()
}

/// A plugin's MAC that the file does not give, as planning learned it.
public struct PluginMAC: Sendable, Hashable, Codable {
    public var plugin: String
    /// Nil when it is learned during apply (an internal port apply creates).
    public var mac: String?
    /// Where it comes from: `interface ssh0 external_ids:attached-mac`, `internal interface lb0 mac_in_use`.
    public var source: String

    public init(plugin: String, mac: String?, source: String) {
        self.plugin = plugin
        self.mac = mac
        self.source = source
    }

    /// `plugin ssh: mac 02:00:00:95:00:02 (interface ssh0 external_ids:attached-mac)`.
    public var text: String { "plugin \(plugin): mac \(mac ?? "learned during apply") (\(source))" }
}
