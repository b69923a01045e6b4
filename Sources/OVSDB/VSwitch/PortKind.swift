import Foundation

/// What kind of port to add, with what it needs. Each maps to Port and Interface columns the way
/// `ovs-vsctl add-port … -- set …` would set them.
public enum PortKind: Sendable, Hashable {
    /// A plain port (on the dummy datapath, type "dummy"; on a real one, a system device: type "").
    case plain(interfaceType: String = "")
    /// An access port: untagged traffic belongs to `vlan`.
    case access(vlan: Int)
    /// A trunk: carries `vlans` (empty: all); with `native`, untagged traffic belongs to that VLAN.
    case trunk(vlans: [Int], native: NativeVLAN? = nil)
    /// An internal port (a host-side network device of the bridge).
    case `internal`(vlan: Int? = nil)
    /// One end of a patch cable to a port on another bridge.
    case patch(peer: String)
    case vxlan(Tunnel)
    case gre(Tunnel)
    case geneve(Tunnel)

    public struct NativeVLAN: Sendable, Hashable {
        public var vlan: Int
        /// native-tagged: the native VLAN also leaves tagged; native-untagged: it leaves untagged.
        public var tagged: Bool
        public init(vlan: Int, tagged: Bool = false) {
            self.vlan = vlan
            self.tagged = tagged
        }
    }

    /// Tunnel options (Interface `options`). `flow` values (`remote_ip=flow`, `key=flow`) let
    /// OpenFlow set them per packet.
    public struct Tunnel: Sendable, Hashable {
        public var remoteIP: String
        public var key: String?
        public var destinationPort: Int?
        public var localIP: String?
        public var tos: String?
        public var ttl: String?

        public init(
            remoteIP: String, key: String? = nil, destinationPort: Int? = nil, localIP: String? = nil,
            tos: String? = nil, ttl: String? = nil
        ) {
            self.remoteIP = remoteIP
            self.key = key
            self.destinationPort = destinationPort
            self.localIP = localIP
            self.tos = tos
            self.ttl = ttl
        }

        var options: [String: String] {
            var options = ["remote_ip": remoteIP]
            if let key { options["key"] = key }
            if let destinationPort { options["dst_port"] = String(destinationPort) }
            if let localIP { options["local_ip"] = localIP }
            if let tos { options["tos"] = tos }
            if let ttl { options["ttl"] = ttl }
            return options
        }
    }

    /// Port columns.
    var portColumns: Row {
        switch self {
        case .access(let vlan):
            return ["tag": .scalar(Int64(vlan))]
        case .trunk(let vlans, let native):
            var row: Row = ["trunks": .array(vlans.map(Int64.init))]
            if let native {
                row["tag"] = .scalar(Int64(native.vlan))
                row["vlan_mode"] = .scalar(native.tagged ? "native-tagged" : "native-untagged")
            } else {
                row["vlan_mode"] = .scalar("trunk")
            }
            return row
        case .internal(let vlan?):
            return ["tag": .scalar(Int64(vlan))]
        default:
            return [:]
        }
    }

    /// Interface columns.
    var interfaceColumns: Row {
        switch self {
        case .plain(let type): return type.isEmpty ? [:] : ["type": .scalar(type)]
        case .access, .trunk: return [:]
        case .internal: return ["type": "internal"]
        case .patch(let peer): return ["type": "patch", "options": .stringMap(["peer": peer])]
        case .vxlan(let tunnel): return ["type": "vxlan", "options": .stringMap(tunnel.options)]
        case .gre(let tunnel): return ["type": "gre", "options": .stringMap(tunnel.options)]
        case .geneve(let tunnel): return ["type": "geneve", "options": .stringMap(tunnel.options)]
        }
    }
}
