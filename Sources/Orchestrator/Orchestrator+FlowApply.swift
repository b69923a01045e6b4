import Controller
import OpenFlow
import OpenFlowText
import PolicyCompiler
import Reconciler
import Topology

extension Orchestrator {
    /// Refuses a node's plan when the owned flows or groups of a bridge it changes are no longer
    /// what they were when it was planned: the messages would then not be the ones shown. Checked
    /// before anything is sent to the node, as the OVSDB side checks its rows in the transaction.
    func requireFreshFlows(
        _ nodePlan: NodePlan, node: TopologyNode, checked: [CheckedBridge]
    ) async throws(OrchestratorError) {
        for section in nodePlan.bridges {
            guard let planned = section.flowPlan, planned.needsApply else { continue }
            guard let handle = try await openManagement(node: node, bridge: section.bridge) else {
                if planned.observed != nil {
                    throw .staleFlows(node: node.name, bridge: section.bridge, "the bridge no longer exists")
                }
                continue
            }
            try session(planned, handle: handle, node: node.name, bridge: section.bridge, checked: checked)
            let now: FlowTableFingerprint
            do { now = try await SwitchTables.observed(on: handle) } catch {
                throw .openFlow(node: node.name, bridge: section.bridge, .readingTables, cause: error)
            }
            let expected = planned.observed ?? FlowTableFingerprint()
            guard now == expected else {
                throw .staleFlows(
                    node: node.name, bridge: section.bridge, "planned against \(expected), the switch now has \(now)")
            }
        }
    }

    /// The bridge's session from planning, or (applying a plan file) one made now: `handle` and
    /// the file's compile moved to the numbers the plan's messages carry. Kept until `close()`.
    @discardableResult
    func session(
        _ planned: BridgeFlowPlan, handle: Switch, node: String, bridge: String, checked: [CheckedBridge]
    ) throws(OrchestratorError) -> BridgeSessions.Session {
        if var session = sessions[node, bridge] {
            session.handle = handle
            sessions[node, bridge] = session
            return session
        }
        guard let checkedBridge = checked.first(where: { $0.node == node && $0.policy.bridge == bridge }) else {
            throw .flows(node: node, bridge: bridge, "the topology has no flow-managed bridge \(bridge)")
        }
        let session = BridgeSessions.Session(
            handle: handle, compiled: try Self.bound(checkedBridge, to: planned.portNumbers, node: node),
            portNumbers: planned.portNumbers, desired: nil)
        sessions[node, bridge] = session
        return session
    }

    /// Sends each flow-managed bridge of `node` exactly its planned bundle, with the port
    /// numbers and MACs only apply can know bound, then dumps once to verify. Returns how many
    /// bridges were changed.
    func applyFlows(
        _ nodePlan: NodePlan, node: TopologyNode, checked: [CheckedBridge], rowsChanged: Bool,
        on connection: NodeConnection, progress: @Sendable (ApplyEvent) -> Void, report: inout ApplyReport
    ) async throws(OrchestratorError) -> Int {
        var changed = 0
        for bridge in node.bridges where bridge.managesFlows {
            guard let planned = nodePlan.bridges.first(where: { $0.bridge == bridge.name })?.flowPlan else { continue }
            let bridgeRowsChanged =
                rowsChanged && nodePlan.bridges.contains { $0.bridge == bridge.name && !$0.changes.isEmpty }
            guard planned.needsApply || bridgeRowsChanged else { continue }
            if try await applyFlows(
                planned, node: node, bridge: bridge, checked: checked, checkPorts: bridgeRowsChanged,
                on: connection, progress: progress)
            {
                report.changedBridges.append("\(node.name)/\(bridge.name)")
                changed += 1
            }
        }
        return changed
    }

    private func applyFlows(
        _ planned: BridgeFlowPlan, node: TopologyNode, bridge: Bridge, checked: [CheckedBridge], checkPorts: Bool,
        on connection: NodeConnection, progress: @Sendable (ApplyEvent) -> Void
    ) async throws(OrchestratorError) -> Bool {
        if checkPorts, var held = sessions[node.name, bridge.name], let old = held.handle {
            // The transaction changed the bridge's rows: a change of `protocols` or of the
            // controllers makes ovs-vswitchd drop its OpenFlow connections as it reconfigures,
            // so the one planning held may be gone (or going) now. A fresh one is opened.
            old.close(reason: "the bridge was reconfigured")
            held.handle = nil
            sessions[node.name, bridge.name] = held
        }
        guard let handle = try await openManagement(node: node, bridge: bridge.name) else {
            throw .flows(node: node.name, bridge: bridge.name, "cannot install flows: the bridge does not exist")
        }
        var session = try session(planned, handle: handle, node: node.name, bridge: bridge.name, checked: checked)
        defer { sessions[node.name, bridge.name] = session }

        var messages = planned.messages
        var summary = planned.summary
        var replan = !planned.macsLearnedAtApply.isEmpty
        if !planned.unboundPorts.isEmpty || checkPorts {
            let (live, missing) = try await liveNumbers(of: bridge, on: handle, node: node.name)
            let unbound = Set(planned.unboundPorts)
            if planned.portNumbers.contains(where: {
                !unbound.contains($0.key) && !missing.contains($0.key) && live[$0.key] != $0.value
            }) {
                // A port the plan knew was numbered anew by the transaction: its flows must move,
                // which the plan could not show.
                replan = true
            } else if live != session.portNumbers, let ports = PortRenumbering(from: session.portNumbers, to: live),
                let moved = session.compiled.renumbered(from: session.portNumbers, to: live)
            {
                if planned.observed == nil {
                    // A new bridge's plan is every flow and group of the compile, added: the
                    // moved compile's are those messages with the numbers bound.
                    var all = FlowPlan()
                    all.addedGroups = moved.groups.map(\.group)
                    all.addedFlows = moved.flows.map(\.flow)
                    messages = all.messages
                } else {
                    // Deletions name flows the switch has, with the numbers it has: left as they are.
                    messages = messages.map { Self.isDeletion($0) ? $0 : ports.apply(to: $0) }
                }
                session.compiled = moved
                session.portNumbers = live
                session.desired = nil
            }
        }
        if !replan, checkPorts {
            // The transaction itself may change a bridge's tables (OVS flushes them when a bridge
            // first gets a controller): then the planned messages no longer fit.
            let now: FlowTableFingerprint
            do { now = try await SwitchTables.observed(on: handle) } catch {
                throw .openFlow(node: node.name, bridge: bridge.name, .readingTables, cause: error)
            }
            if now != (planned.observed ?? FlowTableFingerprint()) {
                progress(
                    .flowsReplanned(
                        node: node.name, bridge: bridge.name,
                        reason: "the OVSDB changes changed its flows (\(now) now)"))
                replan = true
            }
        } else if replan {
            progress(
                .flowsReplanned(
                    node: node.name, bridge: bridge.name,
                    reason: planned.macsLearnedAtApply.isEmpty
                        ? "a port was numbered anew" : "the MACs of its plugins are known now"))
        }
        if replan {
            let flowPlan = try await replanFlows(
                node: node, bridge: bridge, on: connection, handle: handle, session: &session)
            messages = flowPlan.messages
            summary = BridgeFlowPlan(flowPlan, portNumbers: session.portNumbers, observed: nil).summary
        }
        guard !messages.isEmpty else { return false }
        let desired = session.desired ?? SwitchTables.keyed(session.compiled)
        session.desired = desired
        progress(.sendingFlows(node: node.name, bridge: bridge.name, messages: messages.count))
        try await BridgeFlows.send(
            messages, on: handle, origins: Self.origins(session.compiled), node: node.name, bridge: bridge.name)
        let again: FlowPlan
        do { again = try await SwitchTables.compare(session.compiled, keyed: desired, on: handle).plan } catch {
            throw .openFlow(node: node.name, bridge: bridge.name, .verifying, cause: error)
        }
        guard again.isEmpty else {
            let names = PortNames(session.portNumbers.map { (number: $0.value, name: $0.key) })
            throw .verify(
                node: node.name,
                again.changes(names: names, origins: Self.origins(session.compiled)).map {
                    "\(bridge.name): \($0.text)"
                })
        }
        progress(
            .flowsInstalled(
                node: node.name, bridge: bridge.name, added: summary.add, changed: summary.change,
                deleted: summary.delete))
        return true
    }

    /// The numbers of the file's ports of `bridge` on the switch once apply's transaction is
    /// realized. Every port a rule or plugin names must exist by then; one no flow names may be
    /// missing (a device not on this host) and keeps a placeholder, as in planning.
    private func liveNumbers(
        of bridge: Bridge, on handle: Switch, node: String
    ) async throws(OrchestratorError) -> (numbers: [String: UInt32], missing: Set<String>) {
        let ports: [PortDescription]
        do { ports = try await handle.ports() } catch {
            throw .openFlow(node: node, bridge: bridge.name, .readingPorts, cause: error)
        }
        let live = BridgeFlows.fileNumbers(ports, of: bridge)
        if let missing = BridgeFlows.referencedPorts(bridge).first(where: { live[$0] == nil }) {
            throw .flows(
                node: node, bridge: bridge.name,
                "cannot install flows: port \(missing) does not exist on the switch after apply")
        }
        let missing = Set(bridge.ports.map(\.name).filter { live[$0] == nil })
        return (Self.bind(live, of: bridge, switchPorts: ports), missing)
    }

    /// The one case apply plans a bridge's flows again: what the plan said is bound at apply
    /// (a plugin's MAC from the internal port apply created, or a port numbered anew) is known
    /// now. Compiled with it and compared with the switch's tables.
    private func replanFlows(
        node: TopologyNode, bridge: Bridge, on connection: NodeConnection, handle: Switch,
        session: inout BridgeSessions.Session
    ) async throws(OrchestratorError) -> FlowPlan {
        let live = try await liveNumbers(of: bridge, on: handle, node: node.name).numbers
        let sources = try await pluginMACSources(of: bridge, on: connection)
        let policy = BridgePolicy(
            bridge, portNumbers: live, zone: TopologyPolicyCheck.zones(of: node)[bridge.name] ?? 1,
            learnedMACs: sources.compactMapValues(\.mac))
        let compiled: CompiledPolicy
        do { compiled = try PolicyCompiler().compile(policy) } catch {
            throw .policy(node: node.name, bridge: bridge.name, error.diagnostics.map(\.description))
        }
        try Self.requireMACs(compiled.awaitingMAC, sources: [:], node: node.name, bridge: bridge.name)
        let keyed = SwitchTables.keyed(compiled)
        session.compiled = compiled
        session.portNumbers = live
        session.desired = keyed
        do { return try await SwitchTables.compare(compiled, keyed: keyed, on: handle).plan } catch {
            throw .openFlow(node: node.name, bridge: bridge.name, .readingTables, cause: error)
        }
    }

    static func isDeletion(_ body: OFMessage.Body) -> Bool {
        switch body {
        case .flowMod(let flow): flow.command == .delete || flow.command == .deleteStrict
        case .groupMod(let group): group.command == .delete
        default: false
        }
    }
}
