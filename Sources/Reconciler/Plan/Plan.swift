import OVSDB

/// What apply would do, per node and per bridge. Each node's changes become one OVSDB
/// transaction (`NodePlan.operations`). The per-bridge section is where the policies issue (#9)
/// adds OpenFlow flow and group changes next to the OVSDB ones.
public struct Plan: Sendable, Hashable, Codable {
    public var topology: String
    public var nodes: [NodePlan]

    public init(topology: String, nodes: [NodePlan]) {
        self.topology = topology
        self.nodes = nodes
    }

    public var hasChanges: Bool { nodes.contains { $0.hasChanges } }
    public var conflicts: [String] { nodes.flatMap { node in node.conflicts.map { "node \(node.node): \($0)" } } }
    public var summary: Summary { nodes.reduce(Summary()) { $0 + $1.summary } }

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

    public init(
        node: String, endpoint: String, bridges: [BridgePlan], conflicts: [String] = [], operations: [DBOperation] = []
    ) {
        self.node = node
        self.endpoint = endpoint
        self.bridges = bridges
        self.conflicts = conflicts
        self.operations = operations
    }

    public var hasChanges: Bool { bridges.contains { !$0.changes.isEmpty } }

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

    /// The operations are for apply, not for readers of `--json`.
    enum CodingKeys: String, CodingKey {
        case node, endpoint, bridges, conflicts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            node: try container.decode(String.self, forKey: .node),
            endpoint: try container.decode(String.self, forKey: .endpoint),
            bridges: try container.decode([BridgePlan].self, forKey: .bridges),
            conflicts: try container.decode([String].self, forKey: .conflicts))
    }
}

/// One bridge's changes, in apply order.
public struct BridgePlan: Sendable, Hashable, Codable {
    public var bridge: String
    public var changes: [Change]

    public init(bridge: String, changes: [Change]) {
        self.bridge = bridge
        self.changes = changes
    }
}
