import Controller
import Logging
import OpenFlow
import Topology

/// Keeps connected switches' flows what a topology file says (`switchboard serve --topology`):
/// on every (re)connect it plans the bridge's policies against the switch's own tables and sends
/// only the difference in one bundle. Nothing is deleted and re-added, so a controller restart
/// costs no packet: with fail_mode secure the flows stay while the controller is away, and an
/// unchanged file plans nothing when it is back.
///
/// Work is serialized per switch: a reconnect, a PORT_STATUS retry and a reload never plan the
/// same switch at the same time from tables that another bundle is about to change, and one
/// switch's reconcile never waits for another's.
public actor TopologyApp: ControllerApp {
    public nonisolated let name = "topology"
    let controller: Controller
    let logger: Logger
    private(set) var topology: Topology
    /// One reconcile at a time per datapath.
    let perSwitch = KeyedSerializer<UInt64>()
    /// A reconnect or a port event re-plans with the same rules: compiled once, not each time.
    let compilations = PolicyCompilations()
    /// MACs learned by ARP for plugins the file gives none, by "node/bridge" and plugin name.
    /// Kept across reconnects and reloads: a plugin that answers again with another MAC replaces it.
    var learnedMACs: [String: [String: LearnedMAC]] = [:]
    /// The plugins of each bridge ("node/bridge") whose MAC is learned and needed, as last planned.
    var macLearners: [String: [PolicyPlugin]] = [:]
    /// How often every learned MAC is asked for again, so a plugin restarted with a new MAC is
    /// followed even when its port did not change.
    let probeInterval: Duration
    var prober: Task<Void, Never>?

    public init(topology: Topology, controller: Controller, logger: Logger, probeInterval: Duration = .seconds(30)) {
        self.topology = topology
        self.controller = controller
        self.logger = logger
        self.probeInterval = probeInterval
    }

    public func switchConnected(_ handle: Switch) async throws {
        startProbing()
        await reconcileInTurn(handle)
    }

    /// A port was added: a rule waiting for it can be installed now, and a port that came back
    /// under another number needs its flows renumbered. Either way a re-plan; one that finds
    /// nothing to do sends nothing. A plugin's port that was added or changed (a restarted
    /// plugin) is asked for its MAC again. A plugin's answer to that question is learned.
    public func handle(_ event: SwitchEvent) async throws {
        switch event {
        case .packetIn(let handle, let packet):
            await learnMAC(from: packet, on: handle)
        case .portStatus(let handle, let status):
            guard case .managed(let node, let bridge, _) = SwitchIdentity(handle, in: topology) else { return }
            if status.reason == .add { await reconcileInTurn(handle) }
            let key = Self.key(node, bridge)
            await probe(handle, (macLearners[key] ?? []).filter { $0.port == status.port.name })
        default: return
        }
    }

    static func key(_ node: TopologyNode, _ bridge: Bridge) -> String { "\(node.name)/\(bridge.name)" }

    /// Puts a new (already validated) file in force and brings every connected switch in line
    /// with it.
    public func reload(_ topology: Topology) async {
        self.topology = topology
        for handle in controller.switches.values.sorted(by: { $0.datapathID < $1.datapathID }) {
            await reconcileInTurn(handle)
        }
    }

    /// Plans one switch and applies the plan if it is not empty; logs one line either way.
    func reconcile(_ handle: Switch) async {
        guard handle.isConnected else { return }
        let datapath = DatapathID.format(handle.datapathID)
        let (node, bridge, zone): (TopologyNode, Bridge, UInt16)
        switch SwitchIdentity(handle, in: topology) {
        case .managed(let managedNode, let managedBridge, let managedZone):
            (node, bridge, zone) = (managedNode, managedBridge, managedZone)
        case .unmanaged(let reason):
            logger.info("datapath \(datapath) left alone: \(reason)")
            return
        }
        let subject = "\(bridge.name) (node \(node.name), datapath \(datapath))"
        let flows: BridgeFlows
        do {
            switch try await BridgeFlows.plan(
                on: handle, node: node.name, bridge: bridge, zone: zone,
                learnedMACs: currentMACs(of: bridge, key: Self.key(node, bridge)), compilations: compilations)
            {
            case .live(let live): flows = live
            case .pending(let reason):
                logger.info("\(subject) waiting: \(reason); retried when a port is added")
                return
            }
        } catch {
            switch error {
            case .policy(let problems):
                logger.error("\(subject) not reconciled: \(problems.joined(separator: "; "))")
            case .openFlow(let reason): logger.error("\(subject) not reconciled: \(reason)")
            }
            return
        }
        TopologyAppMetrics.reconciles.increment()
        macLearners[Self.key(node, bridge)] = flows.macLearners
        for awaited in flows.awaitingMAC {
            let rules: String = awaited.rulesText
            let line: String =
                "\(subject): the MAC of plugin \(awaited.plugin.name) is not known yet; asking it by ARP on port "
                + "\(awaited.plugin.port). Until it answers, the rule(s) at \(rules) hold their traffic "
                + "(NAT: dropped, COPY: passed on uncopied)"
            logger.warning("\(line)")
        }
        // Asked once the flows are in: the learning flow that passes the answer up is among them.
        defer { if !flows.awaitingMAC.isEmpty { Task { await self.probe(handle, flows.awaitingMAC.map(\.plugin)) } } }
        let plan = flows.plan
        let counts =
            "\(plan.addedFlows.count + plan.addedGroups.count) added, "
            + "\(plan.modifiedFlows.count + plan.takenOverFlows.count + plan.modifiedGroups.count) changed, "
            + "\(plan.deletedFlows.count + plan.deletedGroups.count) deleted"
        guard !plan.isEmpty else {
            logger.info("\(subject) reconciled: \(counts)")
            return
        }
        do {
            try await flows.apply(node: node.name, bridge: bridge.name)
            TopologyAppMetrics.messages.increment(by: Int64(plan.changeCount))
            logger.info("\(subject) reconciled: \(counts)")
        } catch {
            logger.error("\(subject) not reconciled: \(error)")
        }
    }

    /// `reconcile(handle)` after the switch's reconciles asked for before it.
    func reconcileInTurn(_ handle: Switch) async {
        await perSwitch.run(handle.datapathID) { await self.reconcile(handle) }
    }
}
