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
    /// Plan, apply and the verifying re-plan compile each bridge's policy once between them.
    let compilations: PolicyCompilations

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
        return Orchestrator(topology: topology, connections: connections, compilations: PolicyCompilations())
    }

    public func close() async {
        for connection in connections { await connection.replica.stop() }
        await controller.shutdown()
    }

    /// Each node's live contents, by node name.
    public func snapshots() async throws(OrchestratorError) -> [String: DatabaseCache] {
        var result: [String: DatabaseCache] = [:]
        for connection in connections { result[connection.node.name] = try await connection.snapshot() }
        return result
    }

    public func plan(adopt: Bool = false) async throws(OrchestratorError) -> Plan {
        let snapshots = try await snapshots()
        var plan = Planner.plan(topology, snapshots: snapshots, adopt: adopt)
        for index in plan.nodes.indices {
            guard let node = topology.nodes.first(where: { $0.name == plan.nodes[index].node }),
                node.bridges.contains(where: \.managesFlows), let snapshot = snapshots[node.name]
            else { continue }
            plan.nodes[index].clearsFlowRestoreWait = Self.isWaitingForFlowRestore(snapshot)
        }
        for node in topology.nodes {
            let zones = TopologyPolicyCheck.zones(of: node)
            for bridge in node.bridges where bridge.managesFlows {
                var flows: [FlowChange] = []
                var pending: String?
                let zone = zones[bridge.name] ?? 1
                let sources = snapshots[node.name].map { PluginMACSource.sources(for: bridge, in: $0) } ?? [:]
                switch try await BridgeFlows.load(
                    node: node, bridge: bridge, zone: zone, learnedMACs: sources.compactMapValues(\.mac),
                    controller: controller, compilations: compilations)
                {
                case .live(let live):
                    live.handle.close(reason: "planned")
                    try Self.requireMACs(live.awaitingMAC, sources: sources, node: node.name, bridge: bridge.name)
                    if !live.plan.isEmpty { flows = live.plan.changes(names: live.names, origins: live.origins) }
                case .pending(let description):
                    try requireMACsBeforeCreation(of: bridge, node: node.name, zone: zone, sources: sources)
                    pending = description
                }
                plan.addPluginMACs(Self.planNotes(sources), node: node.name, bridge: bridge.name)
                guard !flows.isEmpty || pending != nil else { continue }
                plan.addFlows(flows, pending: pending, node: node.name, bridge: bridge.name)
            }
        }
        return plan
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
            guard nodePlan.hasRowChanges, !nodePlan.operations.isEmpty else {
                let changedBridges = try await applyFlows(on: connection.node, progress: progress, report: &report)
                let restored = try await finishFlowRestore(on: connection, progress: progress)
                if restored { report.restoredNodes.append(nodePlan.node) }
                if changedBridges == 0, !restored {
                    progress(.unchanged(node: nodePlan.node))
                    report.unchangedNodes.append(nodePlan.node)
                }
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
            try await applyFlows(on: connection.node, progress: progress, report: &report)
            if try await finishFlowRestore(on: connection, progress: progress) {
                report.restoredNodes.append(nodePlan.node)
            }
        }
        return report
    }

    /// Brings every flow-managed bridge of `node` in line: one bundle per bridge that differs,
    /// nothing sent to one that does not, then a re-plan that must come out empty. Returns how
    /// many bridges were changed.
    @discardableResult
    func applyFlows(
        on node: TopologyNode, progress: @Sendable (ApplyEvent) -> Void, report: inout ApplyReport
    ) async throws(OrchestratorError) -> Int {
        let zones = TopologyPolicyCheck.zones(of: node)
        var changed = 0
        let connection = connections.first { $0.node.name == node.name }
        for bridge in node.bridges where bridge.managesFlows {
            let zone = zones[bridge.name] ?? 1
            var learned: [String: MACAddress] = [:]
            if let connection {
                learned = try await pluginMACSources(of: bridge, on: connection).compactMapValues(\.mac)
            }
            let flows: BridgeFlows
            switch try await BridgeFlows.load(
                node: node, bridge: bridge, zone: zone, learnedMACs: learned, controller: controller,
                compilations: compilations)
            {
            case .live(let live): flows = live
            case .pending(let description):
                throw .flows(node: node.name, bridge: bridge.name, "cannot install flows: \(description)")
            }
            defer { flows.handle.close(reason: "applied") }
            try Self.requireMACs(flows.awaitingMAC, sources: [:], node: node.name, bridge: bridge.name)
            guard !flows.plan.isEmpty else { continue }
            let plan = flows.plan
            progress(.sendingFlows(node: node.name, bridge: bridge.name, messages: plan.changeCount))
            try await flows.apply(node: node.name, bridge: bridge.name)
            switch try await BridgeFlows.load(
                node: node, bridge: bridge, zone: zone, learnedMACs: learned, controller: controller,
                compilations: compilations)
            {
            case .live(let again):
                again.handle.close(reason: "verified")
                guard again.plan.isEmpty else {
                    throw .verify(
                        node: node.name,
                        again.plan.changes(names: again.names, origins: again.origins).map {
                            "\(bridge.name): \($0.text)"
                        })
                }
            case .pending(let description):
                throw .flows(node: node.name, bridge: bridge.name, "after apply: \(description)")
            }
            progress(
                .flowsInstalled(
                    node: node.name, bridge: bridge.name,
                    added: plan.addedFlows.count + plan.addedGroups.count,
                    changed: plan.modifiedFlows.count + plan.modifiedGroups.count,
                    deleted: plan.deletedFlows.count + plan.deletedGroups.count))
            report.changedBridges.append("\(node.name)/\(bridge.name)")
            changed += 1
        }
        return changed
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
        guard !again.hasRowChanges else {
            throw .verify(node: name, again.bridges.flatMap(\.changes).map(\.text))
        }
        progress(.verified(node: name))
    }
}
