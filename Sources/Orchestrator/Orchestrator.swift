import Controller
import Foundation
import Logging
import OVSDB
import OVSDBClient
import PolicyCompiler
import Reconciler
import Topology

/// The one place that mixes effects and policy: connects to every node of a topology, reads the
/// live state, plans (`Reconciler`), applies each node's plan as one transaction, waits for
/// ovs-vswitchd to realize it, verifies by planning again, then brings each flow-managed
/// bridge's flows and groups in line with one OpenFlow bundle (verified the same way).
public struct Orchestrator: Sendable {
    public let topology: Topology
    let connections: [NodeConnection]
    /// Opens one-shot OpenFlow connections to bridges' management sockets. Its connection log
    /// lines would only clutter plan and apply output; warnings and errors still show.
    let controller: Controller = {
        var logger = Logger(label: "switchboard.orchestrator.openflow")
        logger.logLevel = .warning
        return Controller(logger: logger)
    }()
    /// Each flow-managed bridge's connection and compile, from planning to the end of apply.
    let sessions = BridgeSessions()

    /// Connects to every node (all of them, or fails naming the first that cannot be reached).
    /// Prefer `withConnection`, which always closes.
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

    /// Connects, runs `body`, and closes every connection however `body` ends.
    public static func withConnection<T: Sendable, Failure: Error>(
        _ topology: Topology, _ body: (Orchestrator) async throws(Failure) -> T
    ) async throws -> T {
        let orchestrator = try await connect(topology)
        do {
            let result = try await body(orchestrator)
            await orchestrator.close()
            return result
        } catch {
            await orchestrator.close()
            throw error
        }
    }

    public func close() async {
        sessions.closeAll(reason: "done")
        for connection in connections { await connection.replica.stop() }
        await controller.shutdown()
    }

    /// Each node's live contents, by node name.
    public func snapshots() async throws(OrchestratorError) -> [String: DatabaseCache] {
        var result: [String: DatabaseCache] = [:]
        for connection in connections { result[connection.node.name] = try await connection.snapshot() }
        return result
    }

    /// What apply would change: each node's rows (one guarded transaction) and each flow-managed
    /// bridge's flows and groups (one bundle, the exact messages). `compiled` is the file's
    /// policies as checking it compiled them (`TopologyPolicyCheck.checkAndCompile`, placeholder
    /// port numbers); nil compiles them here. Each bridge's switch is read once, on a connection
    /// kept for `apply`.
    /// `flowLines` caps the flow lines listed per bridge (the rest are counted); nil lists all.
    public func plan(
        adopt: Bool = false, compiled: [CheckedBridge]? = nil, flowLines: Int? = nil
    ) async throws(OrchestratorError) -> Plan {
        let snapshots = try await snapshots()
        let checked: [CheckedBridge]
        if let compiled { checked = compiled } else { checked = try compileAll(snapshots) }
        var plan = Planner.plan(topology, snapshots: snapshots, adopt: adopt)
        for index in plan.nodes.indices {
            guard let node = topology.nodes.first(where: { $0.name == plan.nodes[index].node }),
                node.bridges.contains(where: \.managesFlows), let snapshot = snapshots[node.name]
            else { continue }
            plan.nodes[index].clearsFlowRestoreWait = Self.isWaitingForFlowRestore(snapshot)
        }
        for node in topology.nodes {
            for bridge in node.bridges where bridge.managesFlows {
                guard
                    let checkedBridge = checked.first(where: { $0.node == node.name && $0.policy.bridge == bridge.name }
                    )
                else { continue }
                let sources = snapshots[node.name].map { PluginMACSource.sources(for: bridge, in: $0) } ?? [:]
                let planned = try await planFlows(
                    node: node, bridge: bridge, checked: checkedBridge, sources: sources, lineLimit: flowLines)
                plan.addPluginMACs(Self.planNotes(sources), node: node.name, bridge: bridge.name)
                plan.addFlows(
                    planned.lines, unlisted: planned.unlisted, plan: planned.plan, node: node.name,
                    bridge: bridge.name)
            }
        }
        return plan
    }

    /// Applies `plan` (made by `plan(adopt:compiled:)` here, or read from a plan file) exactly:
    /// per node, the planned transaction (guarded by the rows planned against), then per bridge
    /// the planned bundle (refused as `.staleFlows` before anything is sent to the node if the
    /// bridge's owned flows changed since planning), each verified. Nodes without changes get
    /// no write at all. `compiled` as for `plan` (not needed after `plan` here).
    @discardableResult
    public func apply(
        _ plan: Plan, adopt: Bool = false, compiled: [CheckedBridge]? = nil, realizeTimeout: Duration = .seconds(30),
        progress: @Sendable (ApplyEvent) -> Void = { _ in }
    ) async throws(OrchestratorError) -> ApplyReport {
        guard plan.conflicts.isEmpty else { throw .conflicts(plan.conflicts) }
        // A plan made here left each bridge's compile in its session; only a plan from elsewhere
        // (a plan file) needs the file compiled.
        let planned = plan.nodes.allSatisfy { node in
            node.bridges.allSatisfy { $0.flowPlan == nil || sessions[node.node, $0.bridge] != nil }
        }
        let checked: [CheckedBridge]
        if let compiled {
            checked = compiled
        } else if planned {
            checked = []
        } else {
            checked = try compileAll(try await snapshots())
        }
        var report = ApplyReport()
        for nodePlan in plan.nodes {
            guard let connection = connections.first(where: { $0.node.name == nodePlan.node }) else { continue }
            try await requireFreshFlows(nodePlan, node: connection.node, checked: checked)
            let rowsChanged = nodePlan.hasRowChanges && !nodePlan.operations.isEmpty
            if rowsChanged {
                try await apply(
                    nodePlan, on: connection, adopt: adopt, realizeTimeout: realizeTimeout, progress: progress)
                report.changedNodes.append(nodePlan.node)
                let snapshot = try await connection.snapshot()
                let planned = Set(nodePlan.bridges.flatMap(\.changes).filter { $0.subject == .port }.map(\.name))
                for interface in snapshot.rows(InterfaceRow.table).map({ InterfaceRow(uuid: $0.key, row: $0.value) })
                where interface.error != nil && planned.contains(interface.name) {
                    progress(
                        .interfaceError(node: nodePlan.node, interface: interface.name, error: interface.error ?? ""))
                    report.interfaceErrors.append("\(nodePlan.node): \(interface.name): \(interface.error ?? "")")
                }
            }
            let changedBridges = try await applyFlows(
                nodePlan, node: connection.node, checked: checked, rowsChanged: rowsChanged, on: connection,
                progress: progress, report: &report)
            let restored = try await finishFlowRestore(on: connection, progress: progress)
            if restored { report.restoredNodes.append(nodePlan.node) }
            if !rowsChanged, changedBridges == 0, !restored {
                progress(.unchanged(node: nodePlan.node))
                report.unchangedNodes.append(nodePlan.node)
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
            if case .staleGuard = error { throw .stale(node: name) }
            throw .transaction(node: name, error)
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
        guard !again.hasRowChanges else {
            throw .verify(node: name, again.bridges.flatMap(\.changes).map(\.text))
        }
        progress(.verified(node: name))
    }
}
