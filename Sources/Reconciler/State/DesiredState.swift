import OVSDB
import Topology

/// A topology node as the columns it should produce, every managed column set (an empty value
/// where the file says nothing), so a setting removed from the file is removed from OVS.
public enum DesiredState {
    public static func make(_ node: TopologyNode, owner: String) -> NodeState {
        NodeState(bridges: node.bridges.map { bridge($0, owner: owner) })
    }

    static func bridge(_ bridge: Bridge, owner: String) -> BridgeState {
        var otherConfig = bridge.otherConfig
        if let id = bridge.datapathID { otherConfig["datapath-id"] = id }
        var externalIDs = bridge.externalIDs
        externalIDs[Ownership.key] = owner
        let columns: Row = [
            "datapath_type": .scalar(bridge.datapathType ?? ""),
            "fail_mode": .optional(bridge.effectiveFailMode?.rawValue),
            "protocols": .array(bridge.protocols),
            "other_config": .stringMap(otherConfig),
            "external_ids": .stringMap(externalIDs),
        ]
        return BridgeState(
            name: bridge.name, columns: columns, controllers: bridge.controllers.sorted(),
            ports: bridge.ports.map { port($0, owner: owner) },
            mirrors: bridge.mirrors.map { mirror($0, owner: owner) })
    }

    static func port(_ port: Port, owner: String) -> PortState {
        var externalIDs = port.externalIDs
        externalIDs[Ownership.key] = owner
        var tag: Int?
        var trunks: [Int] = []
        var vlanMode: String?
        var type = ""
        var options: [String: String] = [:]
        var mac: String?
        switch port.kind {
        case .system(let interfaceType):
            type = interfaceType
        case .access(let vlan, let interfaceType):
            tag = vlan
            type = interfaceType
        case .trunk(let trunk, let interfaceType):
            trunks = trunk.vlans
            tag = trunk.nativeVLAN
            vlanMode = trunk.mode ?? (trunk.nativeVLAN == nil ? "trunk" : "native-untagged")
            type = interfaceType
        case .internal(let vlan, let address):
            tag = vlan
            type = "internal"
            mac = address
        case .patch(let peer):
            type = "patch"
            options = ["peer": peer]
        case .tunnel(let tunnel):
            type = tunnel.kind.rawValue
            options = tunnelOptions(tunnel)
        }
        return PortState(
            name: port.name,
            port: [
                "tag": .optional(tag.map(Int64.init)),
                "trunks": .array(trunks.map(Int64.init)),
                "vlan_mode": .optional(vlanMode),
                "external_ids": .stringMap(externalIDs),
            ],
            interface: [
                "type": .scalar(type),
                "options": .stringMap(options),
                "mac": .optional(mac),
                "ofport_request": .optional(port.ofportRequest.map(Int64.init)),
            ])
    }

    /// Interface `options` of a tunnel, as `ovs-vsctl set interface … options:…` would write them.
    static func tunnelOptions(_ tunnel: Tunnel) -> [String: String] {
        var options = ["remote_ip": tunnel.remoteIP]
        if let value = tunnel.localIP { options["local_ip"] = value }
        if let value = tunnel.key { options["key"] = value }
        if let value = tunnel.destinationPort { options["dst_port"] = String(value) }
        if let value = tunnel.tos { options["tos"] = value }
        if let value = tunnel.ttl { options["ttl"] = String(value) }
        return options
    }

    static func mirror(_ mirror: Mirror, owner: String) -> MirrorState {
        var outputVLAN: Int?
        var outputPort: String?
        switch mirror.output {
        case .port(let name): outputPort = name
        case .vlan(let vlan): outputVLAN = vlan
        }
        return MirrorState(
            name: mirror.name,
            columns: [
                "select_all": .scalar(mirror.selectAll),
                "select_vlan": .array(mirror.selectVLANs.map(Int64.init)),
                "output_vlan": .optional(outputVLAN.map(Int64.init)),
                "external_ids": .stringMap([Ownership.key: owner]),
            ],
            sourcePorts: mirror.selectSourcePorts.sorted(), destinationPorts: mirror.selectDestinationPorts.sorted(),
            outputPort: outputPort)
    }
}
