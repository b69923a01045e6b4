import Foundation
import OVSDB
import Topology

/// Desired (a topology) vs actual (a database snapshot) → a plan. Pure: the same inputs always give
/// the same plan, and a plan computed against a snapshot carries `wait` guards for exactly the
/// rows it read, so applying it to a database that changed meanwhile fails cleanly.
public enum Planner {
    /// The plan for every node; `snapshots` holds each node's live contents by node name.
    public static func plan(
        _ topology: Topology, snapshots: [String: DatabaseCache], adopt: Bool = false
    ) -> Plan {
        Plan(
            topology: topology.name,
            nodes: topology.nodes.map { node in
                guard let snapshot = snapshots[node.name] else {
                    return NodePlan(
                        node: node.name, endpoint: node.endpoint.target, bridges: [],
                        conflicts: ["no database contents for this node"])
                }
                return plan(node, owner: topology.name, snapshot: snapshot, adopt: adopt)
            })
    }

    public static func plan(
        _ node: TopologyNode, owner: String, snapshot: DatabaseCache, adopt: Bool = false
    ) -> NodePlan {
        plan(
            desired: DesiredState.make(node, owner: owner), node: node.name, endpoint: node.endpoint.target,
            owner: owner, snapshot: snapshot, adopt: adopt)
    }

    public static func plan(
        desired: NodeState, node: String, endpoint: String, owner: String, snapshot: DatabaseCache,
        adopt: Bool = false
    ) -> NodePlan {
        guard let root = snapshot.openVSwitch else {
            return NodePlan(
                node: node, endpoint: endpoint, bridges: [],
                conflicts: ["the database has no Open_vSwitch row (run `ovs-vsctl init`)"])
        }
        var planner = NodePlanner(
            owner: owner, adopt: adopt, observed: ObservedState.make(snapshot), snapshot: snapshot,
            builder: TransactionBuilder(root: root.uuid))
        planner.run(desired)
        return NodePlan(
            node: node, endpoint: endpoint,
            bridges: planner.bridgeOrder.compactMap { name in
                planner.changes[name].map { BridgePlan(bridge: name, changes: $0) }
            },
            conflicts: planner.conflicts, operations: planner.conflicts.isEmpty ? planner.builder.operations : [])
    }
}

/// The planner's working state for one node.
struct NodePlanner {
    let owner: String
    let adopt: Bool
    let observed: NodeState
    let snapshot: DatabaseCache
    var builder: TransactionBuilder
    var changes: [String: [Change]] = [:]
    var bridgeOrder: [String] = []
    var conflicts: [String] = []
    /// Every port's reference in the transaction (existing uuid or new named-uuid), for mirrors.
    var portReferences: [String: Atom] = [:]
    /// Every port the topology names on this node: an owned port listed on another bridge moves
    /// there instead of being deleted.
    var wantedPorts: Set<String> = []

    /// Observed ports by name, with the bridge they are on.
    lazy var observedPorts: [String: (bridge: BridgeState, port: PortState)] = {
        var result: [String: (BridgeState, PortState)] = [:]
        for bridge in observed.bridges { for port in bridge.ports { result[port.name] = (bridge, port) } }
        return result
    }()

    mutating func record(_ bridge: String, _ change: Change) {
        if changes[bridge] == nil {
            changes[bridge] = []
            bridgeOrder.append(bridge)
        }
        changes[bridge]?.append(change)
    }

    func owns(_ owner: String?) -> Bool { owner == self.owner || adopt }

    mutating func run(_ desired: NodeState) {
        let wanted = Set(desired.bridges.map(\.name))
        wantedPorts = Set(desired.bridges.flatMap { $0.ports.map(\.name) })
        // Deletes first: owned bridges the topology no longer lists.
        for bridge in observed.bridges where !wanted.contains(bridge.name) && bridge.owner == owner {
            guard let uuid = bridge.uuid else { continue }
            builder.guardRow("Bridge", uuid, bridge.columns)
            builder.unlink("Open_vSwitch", builder.root, column: "bridges", uuid)
            record(bridge.name, Change(action: .delete, subject: .bridge, name: bridge.name))
        }
        for bridge in desired.bridges {
            if let existing = observed.bridge(named: bridge.name) {
                update(bridge, existing)
            } else {
                create(bridge)
            }
        }
    }

    // MARK: Bridges

    mutating func create(_ bridge: BridgeState) {
        if snapshot.port(named: bridge.name) != nil {
            conflicts.append("bridge \(bridge.name): a port with that name already exists")
            return
        }
        builder.guardAbsent("Bridge", name: bridge.name)
        record(bridge.name, Change(action: .add, subject: .bridge, name: bridge.name, detail: Describe.bridge(bridge)))
        // The bridge's local port: an internal interface of the same name.
        var ports = [
            builder.insertPort(
                port: ["name": .scalar(bridge.name)], interface: ["name": .scalar(bridge.name), "type": "internal"])
        ]
        for port in bridge.ports {
            if let reference = placePort(port, on: bridge.name, bridgeUUID: nil) { ports.append(reference) }
        }
        var row = bridge.columns
        row["name"] = .scalar(bridge.name)
        row["ports"] = .set(ports)
        row["controller"] = builder.insertControllers(bridge.controllers)
        row["mirrors"] = .set(bridge.mirrors.compactMap { createMirror($0, bridge: bridge.name) })
        builder.insertBridge(row)
    }

    mutating func update(_ bridge: BridgeState, _ existing: BridgeState) {
        guard let uuid = existing.uuid else { return }
        guard owns(existing.owner) else {
            conflicts.append(
                "bridge \(bridge.name) exists and is not owned by topology \(owner) (owner: \(existing.owner ?? "none")); "
                    + "rename it in the file, or rerun with --adopt to take it over")
            return
        }
        let (fields, row) = ColumnDiff.diff(
            desired: bridge.columns, observed: existing.columns, columns: BridgeState.managedColumns)
        if !row.isEmpty {
            builder.guardRow("Bridge", uuid, ObservedState.pick(existing.columns, Array(row.keys)))
            builder.update("Bridge", uuid, row)
        }
        for field in fields {
            record(bridge.name, Change(action: .modify, subject: .bridge, name: bridge.name, field: field))
        }
        if bridge.controllers != existing.controllers {
            builder.guardRow("Bridge", uuid, ["controller": snapshot.row("Bridge", uuid)?["controller"] ?? .empty])
            builder.update("Bridge", uuid, ["controller": builder.insertControllers(bridge.controllers)])
            record(
                bridge.name,
                Change(
                    action: .modify, subject: .bridge, name: bridge.name,
                    field: FieldChange(
                        column: "controller", old: list(existing.controllers), new: list(bridge.controllers))))
        }
        for port in existing.ports where !wantedPorts.contains(port.name) && port.owner == owner {
            guard let portUUID = port.uuid else { continue }
            builder.guardRow("Port", portUUID, port.port)
            builder.unlink("Bridge", uuid, column: "ports", portUUID)
            record(bridge.name, Change(action: .delete, subject: .port, name: port.name))
        }
        for port in bridge.ports {
            if let reference = placePort(port, on: bridge.name, bridgeUUID: uuid),
                existing.port(named: port.name) == nil
            {
                builder.link("Bridge", uuid, column: "ports", reference)
            }
        }
        reconcileMirrors(bridge, existing, bridgeUUID: uuid)
    }

    func list(_ values: [String]) -> String? { values.isEmpty ? nil : values.joined(separator: ",") }

    // MARK: Ports

    /// Creates, updates or moves a port. Returns the reference to put in the bridge's `ports`
    /// when the port is not on this bridge yet (new, or moved here), nil otherwise.
    mutating func placePort(_ port: PortState, on bridgeName: String, bridgeUUID: UUID?) -> Atom? {
        guard let (current, existing) = observedPorts[port.name] else {
            if snapshot.interface(named: port.name) != nil {
                conflicts.append("port \(port.name): an interface with that name already exists on another port")
                return nil
            }
            builder.guardAbsent("Port", name: port.name)
            var portRow = port.port
            portRow["name"] = .scalar(port.name)
            var interfaceRow = port.interface
            interfaceRow["name"] = .scalar(port.name)
            let reference = builder.insertPort(port: portRow, interface: interfaceRow)
            portReferences[port.name] = reference
            record(bridgeName, Change(action: .add, subject: .port, name: port.name, detail: Describe.port(port)))
            return reference
        }
        guard let uuid = existing.uuid else { return nil }
        guard owns(existing.owner) else {
            conflicts.append(
                "port \(port.name) exists on bridge \(current.name) and is not owned by topology \(owner) "
                    + "(owner: \(existing.owner ?? "none")); rerun with --adopt to take it over")
            return nil
        }
        portReferences[port.name] = .uuid(uuid)
        var moved = false
        if current.name != bridgeName, let from = current.uuid {
            builder.unlink("Bridge", from, column: "ports", uuid)
            record(
                bridgeName,
                Change(
                    action: .modify, subject: .port, name: port.name,
                    field: FieldChange(column: "bridge", old: current.name, new: bridgeName)))
            moved = true
        }
        let portDiff = ColumnDiff.diff(
            desired: port.port, observed: existing.port, columns: PortState.managedPortColumns)
        if !portDiff.row.isEmpty || moved {
            builder.guardRow("Port", uuid, ObservedState.pick(existing.port, PortState.managedPortColumns))
            builder.update("Port", uuid, portDiff.row)
        }
        var fields = portDiff.fields
        if let interfaceUUID = existing.interfaceUUID {
            let interfaceDiff = ColumnDiff.diff(
                desired: port.interface, observed: existing.interface, columns: PortState.managedInterfaceColumns)
            if !interfaceDiff.row.isEmpty {
                builder.guardRow(
                    "Interface", interfaceUUID,
                    ObservedState.pick(existing.interface, Array(interfaceDiff.row.keys)))
                builder.update("Interface", interfaceUUID, interfaceDiff.row)
            }
            fields += interfaceDiff.fields
        }
        for field in fields {
            record(bridgeName, Change(action: .modify, subject: .port, name: port.name, field: field))
        }
        return moved ? .uuid(uuid) : nil
    }

    // MARK: Mirrors

    mutating func mirrorRow(_ mirror: MirrorState) -> Row {
        var row = mirror.columns
        row["name"] = .scalar(mirror.name)
        row["select_src_port"] = .set(mirror.sourcePorts.compactMap { portReference($0) })
        row["select_dst_port"] = .set(mirror.destinationPorts.compactMap { portReference($0) })
        row["output_port"] = .set(mirror.outputPort.flatMap { portReference($0) }.map { [$0] } ?? [])
        return row
    }

    mutating func portReference(_ name: String) -> Atom? {
        if let reference = portReferences[name] { return reference }
        return observedPorts[name]?.port.uuid.map { .uuid($0) }
    }

    mutating func createMirror(_ mirror: MirrorState, bridge: String) -> Atom {
        record(bridge, Change(action: .add, subject: .mirror, name: mirror.name, detail: Describe.mirror(mirror)))
        return builder.insertMirror(mirrorRow(mirror))
    }

    mutating func reconcileMirrors(_ bridge: BridgeState, _ existing: BridgeState, bridgeUUID: UUID) {
        for mirror in existing.mirrors where !bridge.mirrors.contains(where: { $0.name == mirror.name }) {
            guard mirror.owner == owner, let uuid = mirror.uuid else { continue }
            builder.unlink("Bridge", bridgeUUID, column: "mirrors", uuid)
            record(bridge.name, Change(action: .delete, subject: .mirror, name: mirror.name))
        }
        for mirror in bridge.mirrors {
            guard let current = existing.mirrors.first(where: { $0.name == mirror.name }), let uuid = current.uuid
            else {
                builder.link("Bridge", bridgeUUID, column: "mirrors", createMirror(mirror, bridge: bridge.name))
                continue
            }
            guard owns(current.owner) else {
                conflicts.append("mirror \(mirror.name) on bridge \(bridge.name) is not owned by topology \(owner)")
                continue
            }
            var (fields, row) = ColumnDiff.diff(
                desired: mirror.columns, observed: current.columns, columns: MirrorState.managedColumns)
            let selections: [(String, [String], [String])] = [
                ("select_src_port", mirror.sourcePorts, current.sourcePorts),
                ("select_dst_port", mirror.destinationPorts, current.destinationPorts),
                ("output_port", mirror.outputPort.map { [$0] } ?? [], current.outputPort.map { [$0] } ?? []),
            ]
            for (column, want, have) in selections where want != have {
                row[column] = .set(want.compactMap { portReference($0) })
                fields.append(FieldChange(column: column, old: list(have), new: list(want)))
            }
            if !row.isEmpty { builder.update("Mirror", uuid, row) }
            for field in fields {
                record(bridge.name, Change(action: .modify, subject: .mirror, name: mirror.name, field: field))
            }
        }
    }
}
