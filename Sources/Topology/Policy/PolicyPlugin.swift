/// A plugin: a container (or VM) attached to a bridge port that policies steer traffic to or from.
public struct PolicyPlugin: Hashable, Sendable {
    public var name: String
    /// The OVS port the plugin is attached to.
    public var port: String
    public var address: IPv4Address
    /// Needed to deliver rewritten traffic; when absent only stateless copies without MAC
    /// rewriting can target the plugin.
    public var mac: MACAddress?

    public init(name: String, port: String, address: IPv4Address, mac: MACAddress? = nil) {
        self.name = name
        self.port = port
        self.address = address
        self.mac = mac
    }
}

/// How a rule names a plugin: by its name, or by its address as in `--to 198.51.100.3:22`.
public enum PluginReference: Hashable, Sendable, CustomStringConvertible {
    case name(String)
    case address(IPv4Address)

    public var description: String {
        switch self {
        case .name(let name): name
        case .address(let address): address.description
        }
    }
}

extension PolicyPlugin {
    /// The typed plugin for a file's entry; nil when the entry has no IPv4 address (a plugin that
    /// policies cannot address). A prefix length (`10.0.10.2/24`) is the plugin's subnet, not
    /// part of its address.
    public init?(_ plugin: Plugin) {
        guard let ip = plugin.ip, let address = IPv4Address(ip.split(separator: "/")[0]) else { return nil }
        self.init(name: plugin.name, port: plugin.port, address: address, mac: plugin.mac.flatMap { MACAddress($0) })
    }
}
