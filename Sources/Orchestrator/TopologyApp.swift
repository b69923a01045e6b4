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
/// Work is serialized: a reconnect, a PORT_STATUS retry and a reload never plan the same switch
/// at the same time from tables that another bundle is about to change.
public actor TopologyApp: ControllerApp {
    public nonisolated let name = "topology"
    let controller: Controller
    let logger: Logger
    private(set) var topology: Topology
    private var tail: Task<Void, Never>?
    /// A reconnect or a port event re-plans with the same rules: compiled once, not each time.
    let compilations = PolicyCompilations()

    public init(topology: Topology, controller: Controller, logger: Logger) {
        self.topology = topology
        self.controller = controller
        self.logger = logger
    }

    public func switchConnected(_ handle: Switch) async throws {
        await serialized { await self.reconcile(handle) }
    }

    /// A port was added: a rule waiting for it can be installed now, and a port that came back
    /// under another number needs its flows renumbered. Either way a re-plan; one that finds
    /// nothing to do sends nothing.
    public func handle(_ event: SwitchEvent) async throws {
        guard case .portStatus(let handle, let status) = event, status.reason == .add,
            case .managed = SwitchIdentity(handle, in: topology)
        else { return }
        await serialized { await self.reconcile(handle) }
    }

    /// Puts a new (already validated) file in force and brings every connected switch in line
    /// with it.
    public func reload(_ topology: Topology) async {
        self.topology = topology
        for handle in controller.switches.values.sorted(by: { $0.datapathID < $1.datapathID }) {
            await serialized { await self.reconcile(handle) }
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
                on: handle, node: node.name, bridge: bridge, zone: zone, compilations: compilations)
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
        let plan = flows.plan
        let counts =
            "\(plan.addedFlows.count + plan.addedGroups.count) added, "
            + "\(plan.modifiedFlows.count + plan.modifiedGroups.count) changed, "
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

    /// Runs `work` after everything queued before it has finished.
    private func serialized(_ work: @escaping @Sendable () async -> Void) async {
        let previous = tail
        let next = Task {
            await previous?.value
            await work()
        }
        tail = next
        await next.value
    }
}
