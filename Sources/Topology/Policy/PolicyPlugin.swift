/// A plugin: a container (or VM) attached to a bridge port that policies steer traffic to or from.
public struct PolicyPlugin: Hashable, Sendable {
    public var name: String
    /// The OVS port the plugin is attached to.
    public var port: String
    public var address: IPv4Address
    /// Needed to deliver rewritten traffic: the file's `mac:`, or one learned (from OVSDB by
    /// `plan`/`apply`, by ARP by `serve --topology`). While it is unknown, the rules that rewrite
    /// toward the plugin are held (see `FlowEmitter.hold`).
    public var mac: MACAddress?
    /// Whether the MAC is learned rather than declared: the file gives no `mac:`, so the pipeline
    /// passes the plugin's answers to the controller's ARP probes to the controller.
    public var learnsMAC: Bool
    /// Where the file declares the plugin (errors about its MAC point here).
    public var location: SourceLocation?

    public init(
        name: String, port: String, address: IPv4Address, mac: MACAddress? = nil, learnsMAC: Bool = false,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.port = port
        self.address = address
        self.mac = mac
        self.learnsMAC = learnsMAC
        self.location = location
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
        let mac = plugin.mac.flatMap { MACAddress($0) }
        self.init(
            name: plugin.name, port: plugin.port, address: address, mac: mac, learnsMAC: mac == nil,
            location: plugin.location)
    }
}
