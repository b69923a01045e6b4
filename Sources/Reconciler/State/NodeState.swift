import Foundation
import OVSDB

/// One node's switch configuration in the shape the planner compares: per row, only the columns
/// Switchboard manages, as OVSDB values. Built from a topology (desired, no uuids) or from a
/// database snapshot (observed, with uuids), so both sides compare column by column.
public struct NodeState: Sendable, Hashable {
    public var bridges: [BridgeState]

    public init(bridges: [BridgeState]) {
        self.bridges = bridges
    }

    public func bridge(named name: String) -> BridgeState? { bridges.first { $0.name == name } }
}

public struct BridgeState: Sendable, Hashable {
    public var name: String
    public var uuid: UUID?
    /// `BridgeState.managedColumns`.
    public var columns: Row
    /// Controller targets, sorted.
    public var controllers: [String]
    public var ports: [PortState]
    public var mirrors: [MirrorState]

    /// What the planner sets and compares; the rest (status, datapath_id written by ovs-vswitchd…)
    /// belongs to OVS or to other tools.
    public static let managedColumns = ["datapath_type", "fail_mode", "protocols", "other_config", "external_ids"]

    public init(
        name: String, uuid: UUID? = nil, columns: Row, controllers: [String], ports: [PortState], mirrors: [MirrorState]
    ) {
        self.name = name
        self.uuid = uuid
        self.columns = columns
        self.controllers = controllers
        self.ports = ports
        self.mirrors = mirrors
    }

    public var owner: String? { columns["external_ids"]?.stringDictionary[Ownership.key] }

    public func port(named name: String) -> PortState? { ports.first { $0.name == name } }
}

/// A port and its one interface of the same name.
public struct PortState: Sendable, Hashable {
    public var name: String
    public var uuid: UUID?
    public var interfaceUUID: UUID?
    /// `PortState.managedPortColumns`.
    public var port: Row
    /// `PortState.managedInterfaceColumns`.
    public var interface: Row

    public static let managedPortColumns = ["tag", "trunks", "vlan_mode", "external_ids"]
    public static let managedInterfaceColumns = ["type", "options", "mac", "ofport_request"]

    public init(name: String, uuid: UUID? = nil, interfaceUUID: UUID? = nil, port: Row, interface: Row) {
        self.name = name
        self.uuid = uuid
        self.interfaceUUID = interfaceUUID
        self.port = port
        self.interface = interface
    }

    public var owner: String? { port["external_ids"]?.stringDictionary[Ownership.key] }
}

/// A mirror, with the ports it selects by name (uuids differ between desired and observed).
public struct MirrorState: Sendable, Hashable {
    public var name: String
    public var uuid: UUID?
    /// `MirrorState.managedColumns`.
    public var columns: Row
    public var sourcePorts: [String]
    public var destinationPorts: [String]
    public var outputPort: String?

    public static let managedColumns = ["select_all", "select_vlan", "output_vlan", "external_ids"]

    public init(
        name: String, uuid: UUID? = nil, columns: Row, sourcePorts: [String], destinationPorts: [String],
        outputPort: String?
    ) {
        self.name = name
        self.uuid = uuid
        self.columns = columns
        self.sourcePorts = sourcePorts
        self.destinationPorts = destinationPorts
        self.outputPort = outputPort
    }

    public var owner: String? { columns["external_ids"]?.stringDictionary[Ownership.key] }
}
