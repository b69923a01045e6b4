import OVSDB
import Topology

/// Live state → a topology (`switchboard export`), so an existing OVS setup can be brought under
/// management. Planning the exported file against the same node shows no changes when the rows
/// are owned by the exported name (the default name is the owner the rows already carry);
/// unowned rows need `--adopt`, which adds only the ownership marker.
public enum Exporter {
    public static func topology(
        _ snapshot: DatabaseCache, name: String? = nil, node: String = "local", endpoint: Endpoint,
        bridges only: [String]? = nil
    ) -> Topology {
        let observed = ObservedState.make(snapshot)
        let selected = observed.bridges.filter { only?.contains($0.name) ?? true }
        let owners = Set(selected.compactMap(\.owner))
        let topologyName = name ?? (owners.count == 1 ? owners.first : nil) ?? "exported"
        let exported = TopologyNode(name: node, endpoint: endpoint, bridges: selected.map(bridge))
        return Topology(name: topologyName, nodes: [exported])
    }

    static func withoutOwner(_ datum: Datum?) -> [String: String] {
        var values = datum?.stringDictionary ?? [:]
        values[Ownership.key] = nil
        return values
    }

    static func bridge(_ state: BridgeState) -> Bridge {
        var otherConfig = state.columns["other_config"]?.stringDictionary ?? [:]
        let datapathID = otherConfig.removeValue(forKey: "datapath-id")
        let type = state.columns["datapath_type"]?.scalar?.stringValue ?? ""
        return Bridge(
            name: state.name, datapathType: type.isEmpty ? nil : type,
            failMode: state.columns["fail_mode"]?.scalar?.stringValue.flatMap(Bridge.FailMode.init(rawValue:)),
            protocols: state.columns["protocols"]?.strings ?? [], controllers: state.controllers,
            datapathID: datapathID, otherConfig: otherConfig, externalIDs: withoutOwner(state.columns["external_ids"]),
            ports: state.ports.map(port), mirrors: state.mirrors.compactMap(mirror))
    }

    static func port(_ state: PortState) -> Port {
        let type = state.interface["type"]?.scalar?.stringValue ?? ""
        let options = state.interface["options"]?.stringDictionary ?? [:]
        let tag = state.port["tag"]?.scalar?.integerValue.map { Int($0) }
        let trunks = (state.port["trunks"]?.integers ?? []).map { Int($0) }
        let mode = state.port["vlan_mode"]?.scalar?.stringValue
        let kind: Port.Kind
        switch type {
        case "internal":
            kind = .internal(vlan: tag, mac: state.interface["mac"]?.scalar?.stringValue)
        case "patch":
            kind = .patch(peer: options["peer"] ?? "")
        case "vxlan", "geneve", "gre":
            kind = .tunnel(
                Tunnel(
                    kind: Tunnel.Kind(rawValue: type) ?? .vxlan, remoteIP: options["remote_ip"] ?? "flow",
                    localIP: options["local_ip"], key: options["key"],
                    destinationPort: options["dst_port"].flatMap { Int($0) },
                    tos: options["tos"], ttl: options["ttl"].flatMap { Int($0) }))
        default:
            if !trunks.isEmpty || mode != nil {
                // The default mode is written only when it differs from what the loader infers.
                let inferred = tag == nil ? "trunk" : "native-untagged"
                kind = .trunk(
                    Port.Trunk(vlans: trunks, nativeVLAN: tag, mode: mode == inferred ? nil : mode), interfaceType: type
                )
            } else if let tag {
                kind = .access(vlan: tag, interfaceType: type)
            } else {
                kind = .system(interfaceType: type)
            }
        }
        return Port(
            name: state.name, kind: kind,
            ofportRequest: state.interface["ofport_request"]?.scalar?.integerValue.map { Int($0) },
            externalIDs: withoutOwner(state.port["external_ids"]))
    }

    static func mirror(_ state: MirrorState) -> Mirror? {
        let output: Mirror.Output
        if let port = state.outputPort {
            output = .port(port)
        } else if let vlan = state.columns["output_vlan"]?.scalar?.integerValue {
            output = .vlan(Int(vlan))
        } else {
            return nil
        }
        return Mirror(
            name: state.name, selectAll: state.columns["select_all"]?.scalar?.booleanValue ?? false,
            selectSourcePorts: state.sourcePorts, selectDestinationPorts: state.destinationPorts,
            selectVLANs: (state.columns["select_vlan"]?.integers ?? []).map { Int($0) }, output: output)
    }
}
