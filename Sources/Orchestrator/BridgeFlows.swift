import Controller
import Foundation
import OpenFlow
import OpenFlowText
import PolicyCompiler
import Reconciler
import Topology

/// The OpenFlow side of one bridge whose flows Switchboard manages: what its policies compile to
/// against the live switch's port numbers, and how that differs from the switch's tables.
public struct BridgeFlows: Sendable {
    public let handle: Switch
    public let names: PortNames
    public let plan: FlowPlan
    /// Plugins whose MAC the rules need and nobody knows yet; their rules are held (see
    /// `CompiledPolicy.awaitingMAC`). `plan` and `apply` refuse them, `serve` asks by ARP.
    public let awaitingMAC: [AwaitedMAC]
    /// Plugins whose MAC is learned and needed (see `CompiledPolicy.macLearners`).
    public let macLearners: [PolicyPlugin]
    /// The rule behind each desired flow and group, for a plan's lines and a refused bundle's
    /// error. Built when asked for: keying thirty thousand flows is wasted on a plan that turns
    /// out empty, or on an apply the switch accepts.
    public var origins: FlowOrigins { makeOrigins() }
    private let makeOrigins: @Sendable () -> FlowOrigins

    init(handle: Switch, names: PortNames, plan: FlowPlan, origins: FlowOrigins) {
        self.init(handle: handle, names: names, plan: plan, awaitingMAC: [], macLearners: []) { origins }
    }

    init(handle: Switch, names: PortNames, plan: FlowPlan, compiled: CompiledPolicy) {
        self.init(
            handle: handle, names: names, plan: plan, awaitingMAC: compiled.awaitingMAC,
            macLearners: compiled.macLearners
        ) {
            FlowOrigins(
                flows: compiled.flows.map { ($0.flow, $0.origin) },
                groups: compiled.groups.map { ($0.group, $0.origin) })
        }
    }

    private init(
        handle: Switch, names: PortNames, plan: FlowPlan, awaitingMAC: [AwaitedMAC], macLearners: [PolicyPlugin],
        origins: @escaping @Sendable () -> FlowOrigins
    ) {
        self.handle = handle
        self.names = names
        self.plan = plan
        self.awaitingMAC = awaitingMAC
        self.macLearners = macLearners
        self.makeOrigins = origins
    }

    /// What can be known about a managed bridge's flows before apply.
    public enum State: Sendable {
        case live(BridgeFlows)
        /// Not plannable in detail yet: the bridge, or a port its rules need, does not exist.
        case pending(String)
    }

    /// The bridge's `.mgmt` socket: ovs-vswitchd puts it in its run directory, beside the
    /// database socket a `unix:` node endpoint names.
    static func managementSocket(node: TopologyNode, bridge: String) throws(OrchestratorError) -> String {
        let target = node.endpoint.target
        guard target.hasPrefix("unix:") else {
            throw .flows(
                node: node.name, bridge: bridge,
                "flows are installed through the bridge's management socket, which needs a unix: OVSDB endpoint "
                    + "(this node has \(target)); run `switchboard serve --topology` for remote nodes")
        }
        let database = URL(fileURLWithPath: String(target.dropFirst("unix:".count)))
        return database.deletingLastPathComponent().appendingPathComponent("\(bridge).mgmt").path
    }

    /// Why a connected bridge's flows could not be planned.
    public enum PlanningError: Error, Sendable {
        /// The policies do not compile against the switch's ports (each problem located).
        case policy([String])
        case openFlow(String)
    }

    /// Compiles `bridge`'s policies with the port numbers `handle`'s switch reports, reads its
    /// flow and group tables and plans the difference. Only Switchboard's own entries (cookie
    /// prefix, group id range) are ever changed or deleted.
    public static func plan(on handle: Switch, bridge: Bridge, zone: UInt16) async throws(PlanningError) -> State {
        try await plan(
            on: handle, node: "", bridge: bridge, zone: zone, learnedMACs: [:], compilations: PolicyCompilations())
    }

    /// `plan(on:bridge:zone:)` with the MACs learned for plugins the file gives none (by plugin
    /// name), compiling through `compilations` (so an unchanged bridge of `node` is not compiled
    /// again).
    static func plan(
        on handle: Switch, node: String, bridge: Bridge, zone: UInt16, learnedMACs: [String: MACAddress],
        compilations: PolicyCompilations
    ) async throws(PlanningError) -> State {
        let ports: [PortDescription]
        do { ports = try await handle.ports() } catch { throw .openFlow("cannot read the ports: \(error)") }
        let numbers = fileNumbers(ports, of: bridge)
        if let missing = referencedPorts(bridge).first(where: { numbers[$0] == nil }) {
            return .pending(pendingDescription(bridge, reason: "port \(missing) does not exist yet"))
        }
        let policy = BridgePolicy(bridge, portNumbers: numbers, zone: zone, learnedMACs: learnedMACs)
        let compiled: CompiledPolicy
        do {
            compiled = try compilations.compile(policy, node: node)
        } catch {
            throw .policy(error.diagnostics.map(\.description))
        }
        let desired = compilations.desiredFlows(compiled.flows.map(\.flow), policy: policy, node: node)
        do {
            let plan = try await SwitchTables.compare(compiled, keyed: desired, on: handle).plan
            let names = PortNames(ports.map { (number: $0.portNumber.rawValue, name: $0.name) })
            return .live(BridgeFlows(handle: handle, names: names, plan: plan, compiled: compiled))
        } catch {
            throw .openFlow("cannot read the flow tables: \(error)")
        }
    }

    /// The numbers of the switch's ports that the file gives `bridge`. Only those: a rule can
    /// name no other (checking the file refuses it), and so the numbers are the ones the file
    /// was checked against when the switch already had its ports, and that compile is reused.
    static func fileNumbers(_ ports: [PortDescription], of bridge: Bridge) -> [String: UInt32] {
        let names = Set(bridge.ports.map(\.name))
        var numbers: [String: UInt32] = [:]
        for port in ports where port.portNumber.rawValue < PortNumber.max.rawValue && names.contains(port.name) {
            numbers[port.name] = port.portNumber.rawValue
        }
        return numbers
    }

    /// The ports the bridge's rules and plugins name, in file order.
    static func referencedPorts(_ bridge: Bridge) -> [String] {
        var names = bridge.plugins.map(\.port)
        for rule in bridge.policies ?? [] { names += [rule.match.inPort, rule.match.outPort].compactMap { $0 } }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted && bridge.port(named: $0) != nil }
    }

    static func pendingDescription(_ bridge: Bridge, reason: String) -> String {
        let rules = bridge.policies?.count ?? 0
        return "the pipeline and \(rules) rule(s), installed after the OVSDB changes (\(reason))"
    }

    /// Sends the plan as one atomic bundle (see `send`).
    public func apply(node: String, bridge: String) async throws(OrchestratorError) {
        try await Self.send(plan.messages, on: handle, origins: origins, node: node, bridge: bridge)
    }

    /// Sends `messages` as one atomic bundle. A refusal names the rule whose flow the switch
    /// rejected, so the user can fix the file rather than read OpenFlow.
    static func send(
        _ messages: [OFMessage.Body], on handle: Switch, origins: @autoclosure () -> FlowOrigins, node: String,
        bridge: String
    ) async throws(OrchestratorError) {
        do {
            try await handle.bundle(messages)
        } catch let ControllerError.bundleFailed(failure) {
            var rule: SourceLocation?
            if let index = failure.failedMessage?.index, messages.indices.contains(index) {
                rule = origins().origin(of: messages[index])
            }
            throw .bundleRefused(node: node, bridge: bridge, failure, rule: rule)
        } catch {
            throw .openFlow(node: node, bridge: bridge, .sending, cause: error)
        }
    }
}
