/// A host running Open vSwitch, reached through its OVSDB endpoint.
public struct TopologyNode: Sendable, Hashable {
    public let name: String
    public let endpoint: Endpoint
    /// The address other nodes' tunnels use to reach this one (`${node.NAME.underlay_ip}`).
    public let underlayIP: String?
    public let bridges: [Bridge]
    public let location: SourceLocation?

    public init(
        name: String, endpoint: Endpoint, underlayIP: String? = nil, bridges: [Bridge],
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.endpoint = endpoint
        self.underlayIP = underlayIP
        self.bridges = bridges
        self.location = location
    }

    public func bridge(named name: String) -> Bridge? { bridges.first { $0.name == name } }

    /// A copy that talks to another OVSDB server (tests point the examples at sandboxes).
    public func with(endpoint: Endpoint) -> TopologyNode {
        TopologyNode(name: name, endpoint: endpoint, underlayIP: underlayIP, bridges: bridges, location: location)
    }
}

/// An OVSDB endpoint in OVS syntax (`unix:PATH`, `tcp:HOST:PORT`, `ssl:HOST:PORT`) and, for
/// `ssl:`, the ovs-pki files.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public var target: String
    public var tls: TLS?

    public struct TLS: Sendable, Hashable {
        public var privateKey: String
        public var certificate: String
        public var caCertificate: String

        public init(privateKey: String, certificate: String, caCertificate: String) {
            self.privateKey = privateKey
            self.certificate = certificate
            self.caCertificate = caCertificate
        }
    }

    public init(target: String, tls: TLS? = nil) {
        self.target = target
        self.tls = tls
    }

    public var description: String { target }

    /// Where `ovs-vsctl` talks to by default.
    public static let localDefault = Endpoint(target: "unix:/var/run/openvswitch/db.sock")
}
