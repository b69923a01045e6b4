import Foundation

/// Why a typed Open_vSwitch operation cannot be planned against the current contents.
public enum VSwitchError: Error, Equatable, CustomStringConvertible {
    case noRootRow
    case bridgeExists(String)
    case noSuchBridge(String)
    case portExists(String)
    case noSuchPort(String)
    case portNotOnBridge(port: String, bridge: String)
    case mirrorExists(String)
    case noSuchMirror(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .noRootRow: return "the database has no Open_vSwitch row (run `ovs-vsctl init`)"
        case .bridgeExists(let name):
            return "cannot create a bridge named \(name) because a bridge named \(name) already exists"
        case .noSuchBridge(let name): return "no bridge named \(name)"
        case .portExists(let name):
            return "cannot create a port named \(name) because a port named \(name) already exists"
        case .noSuchPort(let name): return "no port named \(name)"
        case .portNotOnBridge(let port, let bridge): return "port \(port) is not on bridge \(bridge)"
        case .mirrorExists(let name): return "a mirror named \(name) already exists"
        case .noSuchMirror(let name): return "no mirror named \(name)"
        case .invalid(let reason): return reason
        }
    }
}

/// Options of a new bridge.
public struct BridgeOptions: Sendable, Hashable {
    public var datapathType: String?
    public var failMode: String?
    public var protocols: [String]
    public var controllers: [String]
    /// `other_config:datapath-id`: 16 hex digits.
    public var datapathID: String?
    public var externalIDs: [String: String]

    public init(
        datapathType: String? = nil, failMode: String? = nil, protocols: [String] = [], controllers: [String] = [],
        datapathID: String? = nil, externalIDs: [String: String] = [:]
    ) {
        self.datapathType = datapathType
        self.failMode = failMode
        self.protocols = protocols
        self.controllers = controllers
        self.datapathID = datapathID
        self.externalIDs = externalIDs
    }
}

/// What a mirror selects and where it sends the copies.
public struct MirrorOptions: Sendable, Hashable {
    public var selectAll: Bool
    /// Port names whose received (src) or sent (dst) packets are mirrored.
    public var selectSourcePorts: [String]
    public var selectDestinationPorts: [String]
    public var selectVLANs: [Int]
    public var output: Output

    public enum Output: Sendable, Hashable {
        case port(String)
        case vlan(Int)
    }

    public init(
        selectAll: Bool = false, selectSourcePorts: [String] = [], selectDestinationPorts: [String] = [],
        selectVLANs: [Int] = [], output: Output
    ) {
        self.selectAll = selectAll
        self.selectSourcePorts = selectSourcePorts
        self.selectDestinationPorts = selectDestinationPorts
        self.selectVLANs = selectVLANs
        self.output = output
    }
}

/// The typed operations, each planned as one transaction against a snapshot: rows are inserted
/// with uuid-names and linked in the same transaction, and removals only unlink, leaving the
/// server's garbage collection to delete the unreferenced (non-root) rows.
public enum VSwitchPlan {
    public static func addBridge(
        _ name: String, options: BridgeOptions = BridgeOptions(), in snapshot: DatabaseCache
    )
        throws(VSwitchError) -> [DBOperation]
    {
        guard let root = snapshot.openVSwitch else { throw .noRootRow }
        guard snapshot.bridge(named: name) == nil else { throw .bridgeExists(name) }
        guard snapshot.port(named: name) == nil else { throw .portExists(name) }
        if let id = options.datapathID, id.count != 16 || UInt64(id, radix: 16) == nil {
            throw .invalid("datapath-id must be exactly 16 hex digits, got \(id)")
        }
        var operations: [DBOperation] = [
            .insert(table: "Interface", row: ["name": .scalar(name), "type": "internal"], uuidName: "iface"),
            .insert(
                table: "Port", row: ["name": .scalar(name), "interfaces": .set([.namedUUID("iface")])], uuidName: "port"
            ),
        ]
        var bridge: Row = ["name": .scalar(name), "ports": .set([.namedUUID("port")])]
        if let type = options.datapathType { bridge["datapath_type"] = .scalar(type) }
        if let mode = options.failMode { bridge["fail_mode"] = .scalar(mode) }
        if !options.protocols.isEmpty { bridge["protocols"] = .array(options.protocols) }
        if let id = options.datapathID { bridge["other_config"] = .stringMap(["datapath-id": id]) }
        if !options.externalIDs.isEmpty { bridge["external_ids"] = .stringMap(options.externalIDs) }
        if !options.controllers.isEmpty {
            let (inserts, reference) = controllerRows(options.controllers)
            operations += inserts
            bridge["controller"] = reference
        }
        operations.append(.insert(table: "Bridge", row: bridge, uuidName: "bridge"))
        operations.append(
            .mutate(
                table: "Open_vSwitch", where: [.uuid(root.uuid)],
                mutations: [Mutation("bridges", .insert, .set([.namedUUID("bridge")]))]))
        return operations
    }

    /// Unlinks the bridge; its ports, interfaces, controllers and mirrors go with it (GC).
    public static func deleteBridge(_ name: String, in snapshot: DatabaseCache) throws(VSwitchError) -> [DBOperation] {
        guard let root = snapshot.openVSwitch else { throw .noRootRow }
        guard let bridge = snapshot.bridge(named: name) else { throw .noSuchBridge(name) }
        return [
            .mutate(
                table: "Open_vSwitch", where: [.uuid(root.uuid)],
                mutations: [Mutation("bridges", .delete, .set([.uuid(bridge.uuid)]))])
        ]
    }

    /// Adds a port with one interface of the same name. `interfaceType` overrides the interface type
    /// for plain, access and trunk ports (e.g. "dummy" on the dummy datapath).
    public static func addPort(
        _ name: String, to bridgeName: String, kind: PortKind = .plain(), interfaceType: String? = nil,
        externalIDs: [String: String] = [:], in snapshot: DatabaseCache
    ) throws(VSwitchError) -> [DBOperation] {
        guard let bridge = snapshot.bridge(named: bridgeName) else { throw .noSuchBridge(bridgeName) }
        guard snapshot.port(named: name) == nil else { throw .portExists(name) }
        try check(kind)
        var interface = kind.interfaceColumns
        interface["name"] = .scalar(name)
        if let interfaceType, interface["type"] == nil || isPlain(kind) { interface["type"] = .scalar(interfaceType) }
        var port = kind.portColumns
        port["name"] = .scalar(name)
        port["interfaces"] = .set([.namedUUID("iface")])
        if !externalIDs.isEmpty { port["external_ids"] = .stringMap(externalIDs) }
        return [
            .insert(table: "Interface", row: interface, uuidName: "iface"),
            .insert(table: "Port", row: port, uuidName: "port"),
            .mutate(
                table: "Bridge", where: [.uuid(bridge.uuid)],
                mutations: [Mutation("ports", .insert, .set([.namedUUID("port")]))]),
        ]
    }

    /// Many plain ports in one transaction (bulk provisioning; also what the benchmarks time).
    public static func addPorts(
        _ names: [String], to bridgeName: String, interfaceType: String? = nil, in snapshot: DatabaseCache
    ) throws(VSwitchError) -> [DBOperation] {
        guard let bridge = snapshot.bridge(named: bridgeName) else { throw .noSuchBridge(bridgeName) }
        guard Set(names).count == names.count else { throw .invalid("duplicate port names") }
        // One pass over the existing ports, not one per new port.
        let existing = Set(snapshot.rows(PortRow.table).values.compactMap { $0["name"]?.scalar?.stringValue })
        var operations: [DBOperation] = []
        var references: [Atom] = []
        for (index, name) in names.enumerated() {
            guard !existing.contains(name) else { throw .portExists(name) }
            var interface: Row = ["name": .scalar(name)]
            if let interfaceType { interface["type"] = .scalar(interfaceType) }
            operations.append(.insert(table: "Interface", row: interface, uuidName: "iface\(index)"))
            operations.append(
                .insert(
                    table: "Port", row: ["name": .scalar(name), "interfaces": .set([.namedUUID("iface\(index)")])],
                    uuidName: "port\(index)"))
            references.append(.namedUUID("port\(index)"))
        }
        operations.append(
            .mutate(
                table: "Bridge", where: [.uuid(bridge.uuid)], mutations: [Mutation("ports", .insert, .set(references))])
        )
        return operations
    }

    /// Both ends of a patch cable between two bridges, in one transaction.
    public static func addPatch(
        _ first: (bridge: String, port: String), _ second: (bridge: String, port: String), in snapshot: DatabaseCache
    ) throws(VSwitchError) -> [DBOperation] {
        let a = try addPort(first.port, to: first.bridge, kind: .patch(peer: second.port), in: snapshot)
        let b = try addPort(second.port, to: second.bridge, kind: .patch(peer: first.port), in: snapshot)
        return a + b.map { renamed($0, suffix: "2") }
    }

    public static func deletePort(
        _ name: String, from bridgeName: String? = nil, in snapshot: DatabaseCache
    )
        throws(VSwitchError) -> [DBOperation]
    {
        guard let port = snapshot.port(named: name) else { throw .noSuchPort(name) }
        guard let bridge = snapshot.bridge(containing: port.uuid) else { throw .noSuchPort(name) }
        if let bridgeName, bridge.name != bridgeName { throw .portNotOnBridge(port: name, bridge: bridgeName) }
        return [
            .mutate(
                table: "Bridge", where: [.uuid(bridge.uuid)],
                mutations: [Mutation("ports", .delete, .set([.uuid(port.uuid)]))])
        ]
    }

    /// Replaces the bridge's controllers (old Controller rows are garbage-collected).
    public static func setController(
        _ bridgeName: String, targets: [String], in snapshot: DatabaseCache
    )
        throws(VSwitchError) -> [DBOperation]
    {
        guard let bridge = snapshot.bridge(named: bridgeName) else { throw .noSuchBridge(bridgeName) }
        let (inserts, reference) = controllerRows(targets)
        return inserts + [.update(table: "Bridge", where: [.uuid(bridge.uuid)], row: ["controller": reference])]
    }

    public static func clearController(
        _ bridgeName: String, in snapshot: DatabaseCache
    ) throws(VSwitchError)
        -> [DBOperation]
    {
        try setController(bridgeName, targets: [], in: snapshot)
    }

    /// Replaces the managers (Open_vSwitch.manager_options).
    public static func setManager(targets: [String], in snapshot: DatabaseCache) throws(VSwitchError) -> [DBOperation] {
        guard let root = snapshot.openVSwitch else { throw .noRootRow }
        var operations: [DBOperation] = []
        var references: [Atom] = []
        for (index, target) in targets.enumerated() {
            operations.append(.insert(table: "Manager", row: ["target": .scalar(target)], uuidName: "manager\(index)"))
            references.append(.namedUUID("manager\(index)"))
        }
        operations.append(
            .update(table: "Open_vSwitch", where: [.uuid(root.uuid)], row: ["manager_options": .set(references)]))
        return operations
    }

    public static func clearManager(in snapshot: DatabaseCache) throws(VSwitchError) -> [DBOperation] {
        try setManager(targets: [], in: snapshot)
    }

    public static func addMirror(
        _ name: String, on bridgeName: String, options: MirrorOptions, in snapshot: DatabaseCache
    ) throws(VSwitchError) -> [DBOperation] {
        guard let bridge = snapshot.bridge(named: bridgeName) else { throw .noSuchBridge(bridgeName) }
        if bridge.mirrors.compactMap(snapshot.mirror).contains(where: { $0.name == name }) { throw .mirrorExists(name) }
        func portUUIDs(_ names: [String]) throws(VSwitchError) -> Datum {
            var atoms: [Atom] = []
            for portName in names {
                guard let port = snapshot.port(named: portName), bridge.ports.contains(port.uuid) else {
                    throw .portNotOnBridge(port: portName, bridge: bridgeName)
                }
                atoms.append(.uuid(port.uuid))
            }
            return .setOf(atoms)
        }
        var row: Row = [
            "name": .scalar(name),
            "select_src_port": try portUUIDs(options.selectSourcePorts),
            "select_dst_port": try portUUIDs(options.selectDestinationPorts),
            "select_vlan": .array(options.selectVLANs.map(Int64.init)),
        ]
        if options.selectAll { row["select_all"] = true }
        switch options.output {
        case .port(let portName): row["output_port"] = try portUUIDs([portName])
        case .vlan(let vlan): row["output_vlan"] = .scalar(Int64(vlan))
        }
        return [
            .insert(table: "Mirror", row: row, uuidName: "mirror"),
            .mutate(
                table: "Bridge", where: [.uuid(bridge.uuid)],
                mutations: [Mutation("mirrors", .insert, .set([.namedUUID("mirror")]))]),
        ]
    }

    public static func deleteMirror(
        _ name: String, on bridgeName: String, in snapshot: DatabaseCache
    )
        throws(VSwitchError) -> [DBOperation]
    {
        guard let bridge = snapshot.bridge(named: bridgeName) else { throw .noSuchBridge(bridgeName) }
        guard let mirror = bridge.mirrors.compactMap(snapshot.mirror).first(where: { $0.name == name }) else {
            throw .noSuchMirror(name)
        }
        return [
            .mutate(
                table: "Bridge", where: [.uuid(bridge.uuid)],
                mutations: [Mutation("mirrors", .delete, .set([.uuid(mirror.uuid)]))])
        ]
    }

    // MARK: Helpers

    static func controllerRows(_ targets: [String]) -> ([DBOperation], Datum) {
        var operations: [DBOperation] = []
        var references: [Atom] = []
        for (index, target) in targets.enumerated() {
            operations.append(
                .insert(table: "Controller", row: ["target": .scalar(target)], uuidName: "controller\(index)"))
            references.append(.namedUUID("controller\(index)"))
        }
        return (operations, .set(references))
    }

    static func isPlain(_ kind: PortKind) -> Bool {
        switch kind {
        case .plain, .access, .trunk: return true
        default: return false
        }
    }

    static func check(_ kind: PortKind) throws(VSwitchError) {
        func vlan(_ value: Int) throws(VSwitchError) {
            guard (0...4095).contains(value) else { throw .invalid("VLAN \(value) is outside 0...4095") }
        }
        switch kind {
        case .access(let id): try vlan(id)
        case .trunk(let vlans, let native):
            for id in vlans { try vlan(id) }
            if let native { try vlan(native.vlan) }
        case .internal(let id?): try vlan(id)
        case .vxlan(let tunnel), .gre(let tunnel), .geneve(let tunnel):
            if tunnel.remoteIP.isEmpty { throw .invalid("a tunnel needs remote_ip (an address or \"flow\")") }
        default: break
        }
    }

    /// Gives the uuid-names of a second planned port fresh names so two plans combine.
    static func renamed(_ operation: DBOperation, suffix: String) -> DBOperation {
        func rename(_ datum: Datum) -> Datum {
            guard case .set(let atoms) = datum else { return datum }
            return .set(
                atoms.map { if case .namedUUID(let name) = $0 { return .namedUUID(name + suffix) } else { return $0 } })
        }
        switch operation {
        case .insert(let table, var row, let uuidName):
            row = row.mapValues(rename)
            return .insert(table: table, row: row, uuidName: uuidName.map { $0 + suffix })
        case .mutate(let table, let conditions, let mutations):
            return .mutate(
                table: table, where: conditions,
                mutations: mutations.map { Mutation($0.column, $0.mutator, rename($0.value)) })
        default:
            return operation
        }
    }
}
