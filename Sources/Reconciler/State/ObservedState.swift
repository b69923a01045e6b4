import Foundation
import OVSDB

/// A node's live configuration read from a database snapshot, in the planner's shape.
public enum ObservedState {
    public static func make(_ snapshot: DatabaseCache) -> NodeState {
        NodeState(bridges: snapshot.bridges.map { bridge($0, snapshot) })
    }

    static func pick(_ row: Row, _ columns: [String]) -> Row {
        var result: Row = [:]
        for column in columns { result[column] = row[column] ?? .empty }
        return result
    }

    static func bridge(_ bridge: BridgeRow, _ snapshot: DatabaseCache) -> BridgeState {
        let controllers = bridge.controller.compactMap { snapshot.controller($0)?.target }.sorted()
        // The bridge's local port (named like the bridge) comes and goes with the bridge.
        let ports = snapshot.ports(of: bridge).filter { $0.name != bridge.name }.map { port($0, snapshot) }
        let names = Dictionary(snapshot.ports(of: bridge).map { ($0.uuid, $0.name) }) { first, _ in first }
        let mirrors = bridge.mirrors.compactMap(snapshot.mirror).map { mirror in
            MirrorState(
                name: mirror.name, uuid: mirror.uuid, columns: pick(mirror.row, MirrorState.managedColumns),
                sourcePorts: mirror.selectSrcPort.compactMap { names[$0] }.sorted(),
                destinationPorts: mirror.selectDstPort.compactMap { names[$0] }.sorted(),
                outputPort: mirror.outputPort.flatMap { names[$0] })
        }.sorted { $0.name < $1.name }
        return BridgeState(
            name: bridge.name, uuid: bridge.uuid, columns: pick(bridge.row, BridgeState.managedColumns),
            controllers: controllers, ports: ports, mirrors: mirrors)
    }

    static func port(_ port: PortRow, _ snapshot: DatabaseCache) -> PortState {
        // One interface per port (bonds are not managed): the one named like the port.
        let interfaces = port.interfaces.compactMap(snapshot.interface)
        let interface = interfaces.first { $0.name == port.name } ?? interfaces.first
        return PortState(
            name: port.name, uuid: port.uuid, interfaceUUID: interface?.uuid,
            port: pick(port.row, PortState.managedPortColumns),
            interface: interface.map { pick($0.row, PortState.managedInterfaceColumns) }
                ?? pick([:], PortState.managedInterfaceColumns))
    }
}
