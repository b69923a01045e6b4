/// A port with one interface of the same name (OVS bonds are out of scope).
public struct Port: Sendable, Hashable {
    public let name: String
    public let kind: Kind
    /// Interface `ofport_request`: the OpenFlow port number to ask for.
    public let ofportRequest: Int?
    public let externalIDs: [String: String]
    /// Set when an overlay generated this port rather than the file listing it.
    public let overlay: String?
    public let location: SourceLocation?

    public enum Kind: Sendable, Hashable {
        /// A network device that already exists (`type: system`), or a test sandbox's `dummy` port.
        case system(interfaceType: String = "")
        /// Untagged traffic belongs to `vlan`.
        case access(vlan: Int, interfaceType: String = "")
        case trunk(Trunk, interfaceType: String = "")
        /// A host-side device of the bridge, optionally on a VLAN and with a fixed MAC.
        case `internal`(vlan: Int?, mac: String?)
        case patch(peer: String)
        case tunnel(Tunnel)
    }

    public struct Trunk: Sendable, Hashable {
        /// The VLANs carried; empty means all.
        public var vlans: [Int]
        /// Untagged traffic belongs to this VLAN.
        public var nativeVLAN: Int?
        /// `trunk`, `native-untagged` or `native-tagged`; nil: `trunk`, or `native-untagged` with a native VLAN.
        public var mode: String?

        public init(vlans: [Int], nativeVLAN: Int? = nil, mode: String? = nil) {
            self.vlans = vlans
            self.nativeVLAN = nativeVLAN
            self.mode = mode
        }
    }

    public init(
        name: String, kind: Kind, ofportRequest: Int? = nil, externalIDs: [String: String] = [:],
        overlay: String? = nil, location: SourceLocation? = nil
    ) {
        self.name = name
        self.kind = kind
        self.ofportRequest = ofportRequest
        self.externalIDs = externalIDs
        self.overlay = overlay
        self.location = location
    }
}

/// A tunnel port's settings (Interface `type` and `options`).
public struct Tunnel: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case vxlan, geneve, gre
    }

    public var kind: Kind
    /// An address, or `flow` (set per packet by OpenFlow).
    public var remoteIP: String
    public var localIP: String?
    /// The VNI / GRE key: a number, or `flow`.
    public var key: String?
    public var destinationPort: Int?
    public var tos: String?
    public var ttl: Int?

    public init(
        kind: Kind, remoteIP: String, localIP: String? = nil, key: String? = nil, destinationPort: Int? = nil,
        tos: String? = nil, ttl: Int? = nil
    ) {
        self.kind = kind
        self.remoteIP = remoteIP
        self.localIP = localIP
        self.key = key
        self.destinationPort = destinationPort
        self.tos = tos
        self.ttl = ttl
    }
}
