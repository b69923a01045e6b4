import OVSDB
import PolicyCompiler
import Topology

/// Where `plan` and `apply` find the MAC of a plugin the file gives no `mac:`, in a node's
/// OVSDB: the Interface row of the plugin's port.
public enum PluginMACSource: Sendable, Hashable {
    /// Known now; `origin` says from where, for the plan (`interface ssh0 external_ids:attached-mac`).
    case learned(MACAddress, origin: String)
    /// An internal port this apply creates: the plugin lives on that device, whose `mac_in_use`
    /// ovs-vswitchd reports once it exists.
    case onceCreated(port: String)
    /// No source: a veth or system interface without `external_ids:attached-mac` (its own
    /// `mac_in_use` is the switch's end of the link, not the plugin's).
    case none

    public var mac: MACAddress? {
        if case .learned(let mac, _) = self { mac } else { nil }
    }

    /// The key OpenStack, libvirt and OVN set on an Interface for the MAC of the VM or container
    /// attached to it.
    static let attachedMACKey = "attached-mac"

    /// The source of each plugin of `bridge` that learns its MAC, by plugin name.
    static func sources(for bridge: Bridge, in snapshot: DatabaseCache) -> [String: PluginMACSource] {
        let learners = bridge.plugins.filter { $0.mac == nil }
        guard !learners.isEmpty else { return [:] }
        var interfaces: [String: InterfaceRow] = [:]
        for (uuid, row) in snapshot.rows(InterfaceRow.table) {
            let interface = InterfaceRow(uuid: uuid, row: row)
            interfaces[interface.name] = interface
        }
        var result: [String: PluginMACSource] = [:]
        for plugin in learners {
            result[plugin.name] = source(
                of: plugin, interface: interfaces[plugin.port], port: bridge.port(named: plugin.port))
        }
        return result
    }

    static func source(of plugin: Plugin, interface: InterfaceRow?, port: Port?) -> PluginMACSource {
        guard let interface else {
            guard case .internal(_, let fixed) = port?.kind else { return .none }
            if let fixed, let mac = MACAddress(fixed) {
                return .learned(mac, origin: "internal port \(plugin.port) mac:")
            }
            return .onceCreated(port: plugin.port)
        }
        if let text = interface.externalIds[attachedMACKey], let mac = MACAddress(text) {
            return .learned(mac, origin: "interface \(plugin.port) external_ids:\(attachedMACKey)")
        }
        if interface.type == "internal", let text = interface.macInUse, let mac = MACAddress(text) {
            return .learned(mac, origin: "internal interface \(plugin.port) mac_in_use")
        }
        return .none
    }
}
