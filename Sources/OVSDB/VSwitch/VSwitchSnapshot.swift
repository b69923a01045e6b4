import Foundation

/// Typed reads of an Open_vSwitch replica snapshot.
extension DatabaseCache {
    public var openVSwitch: OpenVSwitchRow? {
        rows(OpenVSwitchRow.table).sorted { $0.key.ovsdbPrecedes($1.key) }.first.map {
            OpenVSwitchRow(uuid: $0.key, row: $0.value)
        }
    }

    public var bridges: [BridgeRow] {
        rows(BridgeRow.table).map { BridgeRow(uuid: $0.key, row: $0.value) }.sorted { $0.name < $1.name }
    }

    public func bridge(named name: String) -> BridgeRow? {
        rows(BridgeRow.table, where: "name", is: .scalar(name)).first.map { BridgeRow(uuid: $0.0, row: $0.1) }
    }

    public func port(named name: String) -> PortRow? {
        rows(PortRow.table, where: "name", is: .scalar(name)).first.map { PortRow(uuid: $0.0, row: $0.1) }
    }

    public func port(_ uuid: UUID) -> PortRow? { row(PortRow.table, uuid).map { PortRow(uuid: uuid, row: $0) } }

    public func interface(_ uuid: UUID) -> InterfaceRow? {
        row(InterfaceRow.table, uuid).map { InterfaceRow(uuid: uuid, row: $0) }
    }

    public func interface(named name: String) -> InterfaceRow? {
        rows(InterfaceRow.table, where: "name", is: .scalar(name)).first.map { InterfaceRow(uuid: $0.0, row: $0.1) }
    }

    public func controller(_ uuid: UUID) -> ControllerRow? {
        row(ControllerRow.table, uuid).map { ControllerRow(uuid: uuid, row: $0) }
    }

    public func mirror(_ uuid: UUID) -> MirrorRow? { row(MirrorRow.table, uuid).map { MirrorRow(uuid: uuid, row: $0) } }

    /// The ports of a bridge, sorted by name (as `ovs-vsctl list-ports` prints them).
    public func ports(of bridge: BridgeRow) -> [PortRow] {
        bridge.ports.compactMap(port).sorted { $0.name < $1.name }
    }

    /// The bridge a port belongs to.
    public func bridge(containing port: UUID) -> BridgeRow? {
        bridges.first { $0.ports.contains(port) }
    }
}
