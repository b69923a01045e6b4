import Foundation
import OVSDB
import OVSDBClient
import Reconciler
import Topology

/// The one place that mixes effects and policy: connects to every node of a topology, reads the
/// live state, plans (`Reconciler`), applies each node's plan as one transaction, waits for
/// ovs-vswitchd to realize it, and verifies by planning again.
public struct Orchestrator: Sendable {
    public let topology: Topology
    let connections: [NodeConnection]

    /// Connects to every node (all of them, or fails naming the first that cannot be reached).
    public static func connect(_ topology: Topology) async throws(OrchestratorError) -> Orchestrator {
        var connections: [NodeConnection] = []
        for node in topology.nodes {
            do {
                connections.append(try await NodeConnection.open(node))
            } catch {
                for connection in connections { await connection.replica.stop() }
                throw error
            }
        }
        return Orchestrator(topology: topology, connections: connections)
    }

    public func close() async {
        for connection in connections { await connection.replica.stop() }
    }

    /// Each node's live contents, by node name.
    public func snapshots() async throws(OrchestratorError) -> [String: DatabaseCache] {
        var result: [String: DatabaseCache] = [:]
        for connection in connections { result[connection.node.name] = try await connection.snapshot() }
        return result
    }

    public func plan(adopt: Bool = false) async throws(OrchestratorError) -> Plan {
        Planner.plan(topology, snapshots: try await snapshots(), adopt: adopt)
    }

    /// Applies `plan` (made by `plan(adopt:)` on this orchestrator). Nodes without changes get no
    /// write at all. A node whose rows changed since planning is left untouched (`.stale`).
    @discardableResult
    public func apply(
        _ plan: Plan, adopt: Bool = false, realizeTimeout: Duration = .seconds(30),
        progress: @Sendable (ApplyEvent) -> Void = { _ in }
    ) async throws(OrchestratorError) -> ApplyReport {
        guard plan.conflicts.isEmpty else { throw .conflicts(plan.conflicts) }
        var report = ApplyReport()
        for nodePlan in plan.nodes {
            guard let connection = connections.first(where: { $0.node.name == nodePlan.node }) else { continue }
            guard nodePlan.hasChanges, !nodePlan.operations.isEmpty else {
                progress(.unchanged(node: nodePlan.node))
                report.unchangedNodes.append(nodePlan.node)
                continue
            }
            try await apply(nodePlan, on: connection, adopt: adopt, realizeTimeout: realizeTimeout, progress: progress)
            report.changedNodes.append(nodePlan.node)
            let snapshot = try await connection.snapshot()
            let planned = Set(nodePlan.bridges.flatMap(\.changes).filter { $0.subject == .port }.map(\.name))
            for interface in snapshot.rows(InterfaceRow.table).map({ InterfaceRow(uuid: $0.key, row: $0.value) })
            where interface.error != nil && planned.contains(interface.name) {
                progress(.interfaceError(node: nodePlan.node, interface: interface.name, error: interface.error ?? ""))
                report.interfaceErrors.append("\(nodePlan.node): \(interface.name): \(interface.error ?? "")")
            }
        }
        return report
    }

    func apply(
        _ nodePlan: NodePlan, on connection: NodeConnection, adopt: Bool, realizeTimeout: Duration,
        progress: @Sendable (ApplyEvent) -> Void
    ) async throws(OrchestratorError) {
        let name = nodePlan.node
        let operations = nodePlan.operations
        progress(.sending(node: name, operations: operations.count))
        let outcome: Replica.TransactionOutcome
        do {
            // One attempt: the plan was made against a particular state; if a guard fails, the
            // user must see the new plan rather than have it silently rebuilt.
            outcome = try await connection.replica.transact(maxAttempts: 1) { transaction in
                transaction.add(contentsOf: operations)
            }
        } catch {
            if case .transactionFailed(_, "wait", _, _) = error { throw .stale(node: name) }
            throw .transaction(node: name, "\(error)")
        }
        let target = outcome.results.last?.rows?.first?["next_cfg"]?.scalar?.integerValue ?? 0
        progress(.committed(node: name, configuration: target))
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await connection.replica.wait(timeout: realizeTimeout) { ($0.openVSwitch?.curCfg ?? 0) >= target }
        } catch {
            let current = (await connection.replica.snapshot)?.openVSwitch?.curCfg ?? 0
            throw .notRealized(node: name, target: target, current: current)
        }
        let elapsed = clock.now - start
        progress(
            .realized(
                node: name,
                milliseconds: Int(
                    elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)))
        // Verify: the same topology planned against what the node now holds changes nothing.
        let snapshot = try await connection.snapshot()
        let again = Planner.plan(connection.node, owner: topology.name, snapshot: snapshot, adopt: adopt)
        guard !again.hasChanges else {
            throw .verify(node: name, again.bridges.flatMap(\.changes).map(\.text))
        }
        progress(.verified(node: name))
    }
}
