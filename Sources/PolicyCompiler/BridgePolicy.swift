import Topology

/// What the compiler needs to know about one bridge: its plugins and rules from the topology, and
/// from the live switch the OpenFlow numbers of its ports (and the addresses of ports that have
/// one, for MASQUERADE).
public struct BridgePolicy: Hashable, Sendable {
    public var bridge: String
    public var plugins: [PolicyPlugin]
    public var rules: [PolicyRule]
    public var portNumbers: [String: UInt32]
    public var portAddresses: [String: IPv4Address]
    /// The conntrack zone this bridge's NAT uses, so bridges sharing a datapath do not mix state.
    public var zone: UInt16

    public init(
        bridge: String, plugins: [PolicyPlugin] = [], rules: [PolicyRule], portNumbers: [String: UInt32],
        portAddresses: [String: IPv4Address] = [:], zone: UInt16 = 1
    ) {
        self.bridge = bridge
        self.plugins = plugins
        self.rules = rules
        self.portNumbers = portNumbers
        self.portAddresses = portAddresses
        self.zone = zone
    }
}
