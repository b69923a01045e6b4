import Controller
import Foundation
import OVSDB
import OpenFlow
import OpenFlowText
import PolicyCompiler
import Reconciler
import Topology

extension Orchestrator {
    /// A flow-managed bridge planned: the lines to show and the messages to send.
    struct PlannedFlows {
        var lines: [FlowChange]
        /// Changes not in `lines` (beyond the line limit).
        var unlisted: Int
        var plan: BridgeFlowPlan
    }

    /// Every flow-managed bridge's policy compiled against placeholder port numbers, with the
    /// MACs each node's OVSDB gives for plugins the file gives none: what checking the file
    /// compiles (`TopologyPolicyCheck.checkAndCompile`), for callers that did not check it.
    func compileAll(_ snapshots: [String: DatabaseCache]) throws(OrchestratorError) -> [CheckedBridge] {
        let (diagnostics, checked) = TopologyPolicyCheck.checkAndCompile(
            topology,
            learnedMACs: { node, bridge in
                snapshots[node.name].map { PluginMACSource.sources(for: bridge, in: $0).compactMapValues(\.mac) } ?? [:]
            })
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw .invalidPolicies(errors.map(\.description)) }
        return checked
    }

    /// Plans one bridge's flows from its checked compile: binds the compile to the switch's port
    /// numbers (those of ports apply still has to create stay placeholders), reads the switch's
    /// tables once and keeps the connection, the compile and its keyed flows for `apply`.
    func planFlows(
        node: TopologyNode, bridge: Bridge, checked: CheckedBridge, sources: [String: PluginMACSource],
        lineLimit: Int?
    ) async throws(OrchestratorError) -> PlannedFlows {
        // What `startReading` began while the file compiled, or (a second plan, a caller that
        // did not start reading) read now; nil when the bridge does not exist yet.
        var tables: SwitchTables.Read?
        do {
            if let read = sessions.takeRead(node: node.name, bridge: bridge.name) {
                tables = try await read.value
            } else if let handle = try await openManagement(node: node, bridge: bridge.name) {
                tables = try await SwitchTables.read(handle)
            }
        } catch let error as OrchestratorError {
            throw error
        } catch {
            throw .openFlow(node: node.name, bridge: bridge.name, .readingTables, cause: error)
        }
        let handle = tables?.handle
        let ports = tables?.ports ?? []
        let live = BridgeFlows.fileNumbers(ports, of: bridge)
        let numbers = handle == nil ? checked.policy.portNumbers : Self.bind(live, of: bridge, switchPorts: ports)
        let unbound = bridge.ports.map(\.name).filter { live[$0] == nil }
        let compiled = try Self.bound(checked, to: numbers, node: node.name)
        try Self.requireMACs(compiled.awaitingMAC, sources: sources, node: node.name, bridge: bridge.name)
        let learnedAtApply = compiled.awaitingMAC.map(\.plugin.name)

        var flowPlan = FlowPlan()
        var observed: FlowTableFingerprint?
        var desired: Task<DesiredFlows, Never>?
        if let tables {
            let keyed = SwitchTables.keyed(compiled)
            (flowPlan, observed) = await SwitchTables.compare(compiled, keyed: keyed, with: tables)
            desired = keyed
        } else {
            // A bridge this apply creates starts with no flows or groups of ours.
            flowPlan.addedGroups = compiled.groups.map(\.group)
            flowPlan.addedFlows = compiled.flows.map(\.flow)
        }
        sessions[node.name, bridge.name] = BridgeSessions.Session(
            handle: handle, compiled: compiled, portNumbers: numbers, desired: desired)

        var names = ports.map { (number: $0.portNumber.rawValue, name: $0.name) }
        for name in unbound { if let number = numbers[name] { names.append((number, name)) } }
        let listed = lineLimit.map { flowPlan.prefix($0) } ?? flowPlan
        let lines = await Self.lines(listed, compiled: compiled, desired: desired, names: PortNames(names))
        let plan = BridgeFlowPlan(
            flowPlan, portNumbers: numbers, unboundPorts: unbound, observed: observed,
            macsLearnedAtApply: learnedAtApply)
        return PlannedFlows(lines: lines, unlisted: flowPlan.changeCount - listed.changeCount, plan: plan)
    }

    /// The switch's numbers for the file's ports it has, and for the others placeholders that no
    /// port of this switch uses, so a planned flow for a port apply creates is never mistaken
    /// for one of an existing port. Placeholders stay below 0xff00: THROUGH loads a port number
    /// into NXM's 16-bit `in_port`.
    static func bind(
        _ live: [String: UInt32], of bridge: Bridge, switchPorts: [PortDescription] = []
    )
        -> [String: UInt32]
    {
        var numbers = live
        let taken = Set(live.values).union(switchPorts.map(\.portNumber.rawValue))
        var next = placeholderBase
        for port in bridge.ports where live[port.name] == nil {
            while taken.contains(next) { next += 1 }
            numbers[port.name] = next
            next += 1
        }
        return numbers
    }

    /// Where placeholder numbers of ports that do not exist yet on a bridge that does start.
    static let placeholderBase: UInt32 = 0xF000

    /// `checked`'s compile moved to `numbers` (compiled again only if it cannot be moved).
    static func bound(
        _ checked: CheckedBridge, to numbers: [String: UInt32], node: String
    ) throws(OrchestratorError) -> CompiledPolicy {
        if let moved = checked.compiled.renumbered(from: checked.policy.portNumbers, to: numbers) { return moved }
        var policy = checked.policy
        policy.portNumbers = numbers
        do { return try PolicyCompiler().compile(policy) } catch {
            throw .policy(node: node, bridge: policy.bridge, error.diagnostics.map(\.description))
        }
    }

    /// The plan's lines, each with the rule behind it. The rules are looked up for the changed
    /// flows only (through the keyed desired flows); a new bridge's flows are all added, in the
    /// compile's order, and formatted on every core (thirty thousand lines are most of a first
    /// plan).
    static func lines(
        _ plan: FlowPlan, compiled: CompiledPolicy, desired: Task<DesiredFlows, Never>?, names: PortNames
    ) async -> [FlowChange] {
        guard !plan.isEmpty else { return [] }
        guard let desired else {
            // `plan` is a prefix of the compile's groups, then of its flows.
            let groups = compiled.groups.prefix(plan.addedGroups.count).map {
                FlowChange(
                    action: .add, subject: .group,
                    entry: GroupSyntax.format(
                        groupID: $0.group.groupID, type: $0.group.type, buckets: $0.group.buckets, names: names),
                    origin: $0.origin?.description)
            }
            return groups + FlowLines.added(Array(compiled.flows.prefix(plan.addedFlows.count)), names: names)
        }
        let keyed = await desired.value
        var origins: [(FlowMod, SourceLocation?)] = []
        for flow in plan.addedFlows + plan.modifiedFlows + plan.takenOverFlows {
            if let position = keyed.position(of: flow) { origins.append((flow, compiled.flows[position].origin)) }
        }
        let groupIDs = Set((plan.addedGroups + plan.modifiedGroups).map(\.groupID))
        let groups = compiled.groups.filter { groupIDs.contains($0.group.groupID) }.map { ($0.group, $0.origin) }
        return plan.changes(names: names, origins: FlowOrigins(flows: origins, groups: groups))
    }

    static func origins(_ compiled: CompiledPolicy) -> FlowOrigins {
        FlowOrigins(
            flows: compiled.flows.map { ($0.flow, $0.origin) }, groups: compiled.groups.map { ($0.group, $0.origin) })
    }

    /// The held connection to `bridge`'s management socket, or a new one; nil when the socket
    /// does not exist (the bridge does not exist yet).
    func openManagement(node: TopologyNode, bridge: String) async throws(OrchestratorError) -> Switch? {
        if let handle = sessions[node.name, bridge]?.handle, handle.isConnected { return handle }
        let socket = try BridgeFlows.managementSocket(node: node, bridge: bridge)
        guard FileManager.default.fileExists(atPath: socket) else { return nil }
        do {
            return try await controller.open(.unix(path: socket))
        } catch {
            throw .openFlow(node: node.name, bridge: bridge, .connecting, cause: error)
        }
    }

    /// Starts reading every existing flow-managed bridge's tables (ports, flows, groups) on its
    /// management connection, so the switch dumps while the caller compiles the file; `plan`
    /// takes what was read. Returns at once.
    public func startReading() {
        for node in topology.nodes {
            for bridge in node.bridges where bridge.managesFlows {
                guard let socket = try? BridgeFlows.managementSocket(node: node, bridge: bridge.name),
                    FileManager.default.fileExists(atPath: socket)
                else { continue }
                let controller = controller
                let task = Task<SwitchTables.Read, any Error> {
                    try await SwitchTables.read(try await controller.open(.unix(path: socket)))
                }
                sessions.reading(task, node: node.name, bridge: bridge.name)
            }
        }
    }
}
