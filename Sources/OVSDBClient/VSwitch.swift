import Foundation
import OVSDB
import TLSCredentials

/// The typed Open_vSwitch API over a replica: each call plans one transaction against the current
/// snapshot (`VSwitchPlan`), runs it with optimistic concurrency, and returns once the replica
/// shows the result.
public struct VSwitch: Sendable {
    public let replica: Replica

    public init(replica: Replica) {
        self.replica = replica
    }

    /// Connects to `target` and replicates the whole Open_vSwitch database.
    /// With `columns`, only those tables and columns are replicated (e.g. `VSwitchShow.monitoredColumns`
    /// for a one-shot `show`); typed operations need the whole database.
    public static func connect(
        to target: OVSDBTarget, tls: TLSFiles? = nil, columns: [String: [String]]? = nil
    )
        async throws(OVSDBClientError) -> VSwitch
    {
        let tables = columns?.mapValues { MonitorRequest(columns: $0) }
        let replica = Replica(Replica.Configuration(target: target, tls: tls, tables: tables))
        try await replica.start()
        return VSwitch(replica: replica)
    }

    public func close() async { await replica.stop() }

    public var snapshot: DatabaseCache {
        get async throws(OVSDBClientError) {
            guard let snapshot = await replica.snapshot else { throw .connectionClosed("replica not connected") }
            return snapshot
        }
    }

    /// Runs a planned operation as one optimistic transaction; planning errors become `.refused`.
    @discardableResult
    public func run(
        _ plan: @escaping @Sendable (DatabaseCache) throws(VSwitchError) -> [DBOperation]
    )
        async throws(OVSDBClientError) -> Replica.TransactionOutcome
    {
        try await replica.transact { transaction throws(OVSDBClientError) in
            do {
                transaction.add(contentsOf: try plan(transaction.snapshot))
            } catch {
                throw .refused("\(error)")
            }
        }
    }

    public func addBridge(_ name: String, options: BridgeOptions = BridgeOptions()) async throws(OVSDBClientError) {
        try await run { snapshot throws(VSwitchError) in try VSwitchPlan.addBridge(name, options: options, in: snapshot)
        }
    }

    public func deleteBridge(_ name: String) async throws(OVSDBClientError) {
        try await run { snapshot throws(VSwitchError) in try VSwitchPlan.deleteBridge(name, in: snapshot) }
    }

    public func addPort(
        _ name: String, to bridge: String, kind: PortKind = .plain(), interfaceType: String? = nil,
        externalIDs: [String: String] = [:]
    ) async throws(OVSDBClientError) {
        try await run { snapshot throws(VSwitchError) in
            try VSwitchPlan.addPort(
                name, to: bridge, kind: kind, interfaceType: interfaceType, externalIDs: externalIDs, in: snapshot)
        }
    }

    public func addPorts(
        _ names: [String], to bridge: String, interfaceType: String? = nil
    )
        async throws(OVSDBClientError)
    {
        try await run { snapshot throws(VSwitchError) in
            try VSwitchPlan.addPorts(names, to: bridge, interfaceType: interfaceType, in: snapshot)
        }
    }

    public func addPatch(
        _ first: (bridge: String, port: String), _ second: (bridge: String, port: String)
    )
        async throws(OVSDBClientError)
    {
        let a = first
        let b = second
        try await run { snapshot throws(VSwitchError) in try VSwitchPlan.addPatch(a, b, in: snapshot) }
    }

    public func deletePort(_ name: String, from bridge: String? = nil) async throws(OVSDBClientError) {
        try await run { snapshot throws(VSwitchError) in try VSwitchPlan.deletePort(name, from: bridge, in: snapshot) }
    }

    public func setController(_ bridge: String, targets: [String]) async throws(OVSDBClientError) {
        try await run { snapshot throws(VSwitchError) in
            try VSwitchPlan.setController(bridge, targets: targets, in: snapshot)
        }
    }

    public func clearController(_ bridge: String) async throws(OVSDBClientError) {
        try await setController(bridge, targets: [])
    }

    public func setManager(targets: [String]) async throws(OVSDBClientError) {
        try await run { snapshot throws(VSwitchError) in try VSwitchPlan.setManager(targets: targets, in: snapshot) }
    }

    public func clearManager() async throws(OVSDBClientError) {
        try await setManager(targets: [])
    }

    public func addMirror(_ name: String, on bridge: String, options: MirrorOptions) async throws(OVSDBClientError) {
        try await run { snapshot throws(VSwitchError) in
            try VSwitchPlan.addMirror(name, on: bridge, options: options, in: snapshot)
        }
    }

    public func deleteMirror(_ name: String, on bridge: String) async throws(OVSDBClientError) {
        try await run { snapshot throws(VSwitchError) in try VSwitchPlan.deleteMirror(name, on: bridge, in: snapshot) }
    }

    /// `ovs-vsctl show`, from the replica.
    public func show() async throws(OVSDBClientError) -> String {
        VSwitchShow.render(try await snapshot)
    }
}
