import Foundation
import OVSDB

/// A node's live configuration read from a database snapshot, in the planner's shape.
public enum ObservedState {
    /// Every table and column the planner reads (and `Orchestrator` waits on): replicating only
    /// these keeps a node's initial dump small (no statistics or status columns).
    public static let monitoredColumns: [String: [String]] = [
        "Open_vSwitch": ["bridges", "cur_cfg", "next_cfg", "other_config"],
        "Bridge": ["name", "ports", "mirrors", "controller"] + BridgeState.managedColumns,
        "Port": ["name", "interfaces"] + PortState.managedPortColumns,
        // external_ids and mac_in_use: where plan and apply learn a plugin's MAC.
        "Interface": ["name", "error", "external_ids", "mac_in_use"] + PortState.managedInterfaceColumns,
        "Mirror": ["name", "select_src_port", "select_dst_port", "output_port"] + MirrorState.managedColumns,
        "Controller": ["target"],
    ]

    /// `monitoredColumns`, and for a node with flow-managed bridges also `Interface.ofport`: the
    /// numbers its policies are compiled with when the ports exist (a node without them does not
    /// pay for two thousand more values).
    public static func monitoredColumns(managingFlows: Bool) -> [String: [String]] {
        guard managingFlows else { return monitoredColumns }
        var columns = monitoredColumns
        columns["Interface", default: []].append("ofport")
        return columns
    }

    public static func make(_ snapshot: DatabaseCache) -> NodeState {
        NodeState(bridges: snapshot.bridges.map { bridge($0, snapshot) })
    }

    /// The stored row itself: the typed rows' `row` property rebuilds every column, which costs
    /// more than the whole comparison on a 2,000-port node.
    static func raw(_ snapshot: DatabaseCache, _ table: String, _ uuid: UUID) -> Row {
        snapshot.row(table, uuid) ?? [:]
    }

    static func pick(_ row: Row, _ columns: [String]) -> Row {
        var result: Row = [:]
        for column in columns { result[column] = row[column] ?? .empty }
        return result
    }

    static func bridge(_ bridge: BridgeRow, _ snapshot: DatabaseCache) -> BridgeState {
        let controllers = bridge.controller.compactMap { snapshot.controller($0)?.target }.sorted()
        let allPorts = snapshot.ports(of: bridge)
        // The bridge's local port (named like the bridge) comes and goes with the bridge.
        let ports = allPorts.filter { $0.name != bridge.name }.map { port($0, snapshot) }
        let names = Dictionary(allPorts.map { ($0.uuid, $0.name) }) { first, _ in first }
        let mirrors = bridge.mirrors.compactMap(snapshot.mirror).map { mirror in
            MirrorState(
                name: mirror.name, uuid: mirror.uuid,
                columns: pick(raw(snapshot, MirrorRow.table, mirror.uuid), MirrorState.managedColumns),
                sourcePorts: mirror.selectSrcPort.compactMap { names[$0] }.sorted(),
                destinationPorts: mirror.selectDstPort.compactMap { names[$0] }.sorted(),
                outputPort: mirror.outputPort.flatMap { names[$0] })
        }.sorted { $0.name < $1.name }
        return BridgeState(
            name: bridge.name, uuid: bridge.uuid,
            columns: pick(raw(snapshot, BridgeRow.table, bridge.uuid), BridgeState.managedColumns),
            controllers: controllers, ports: ports, mirrors: mirrors)
    }

    static func port(_ port: PortRow, _ snapshot: DatabaseCache) -> PortState {
        // One interface per port (bonds are not managed): the one named like the port.
        let interfaces = port.interfaces.compactMap { uuid in snapshot.row(InterfaceRow.table, uuid).map { (uuid, $0) }
        }
        let interface = interfaces.first { $0.1["name"] == .scalar(port.name) } ?? interfaces.first
        return PortState(
            name: port.name, uuid: port.uuid, interfaceUUID: interface?.0,
            port: pick(raw(snapshot, PortRow.table, port.uuid), PortState.managedPortColumns),
            interface: pick(interface?.1 ?? [:], PortState.managedInterfaceColumns))
    }
}
