import Foundation

/// A topology as YAML text that `TopologyLoader` reads back to the same topology (used by
/// `switchboard export`): bridges, ports, mirrors, plugins and policies (rules in the one-line
/// firewall form). Values are quoted when YAML would otherwise read them as something else
/// (numbers with leading zeros, `yes`, `1.0`, addresses with colons); VLAN numbers are not.
public enum TopologyWriter {
    public static func yaml(_ topology: Topology) -> String {
        var out = ["name: \(quote(topology.name))", "nodes:"]
        for node in topology.nodes {
            out.append("  \(quote(node.name)):")
            out.append("    ovsdb: \(quote(node.endpoint.target))")
            if let tls = node.endpoint.tls {
                out.append("    tls:")
                out.append("      private_key: \(quote(tls.privateKey))")
                out.append("      certificate: \(quote(tls.certificate))")
                out.append("      ca_certificate: \(quote(tls.caCertificate))")
            }
            if let ip = node.underlayIP { out.append("    underlay_ip: \(quote(ip))") }
            out.append(node.bridges.isEmpty ? "    bridges: {}" : "    bridges:")
            for bridge in node.bridges { out += self.bridge(bridge).map { "      " + $0 } }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func bridge(_ bridge: Bridge) -> [String] {
        var out = ["\(quote(bridge.name)):"]
        if let type = bridge.datapathType { out.append("  datapath_type: \(quote(type))") }
        if let mode = bridge.failMode { out.append("  fail_mode: \(mode.rawValue)") }
        out.append("  protocols: \(list(bridge.protocols))")
        if !bridge.controllers.isEmpty { out.append("  controllers: \(list(bridge.controllers))") }
        if let id = bridge.datapathID { out.append("  datapath_id: \(quote(id))") }
        out += map("other_config", bridge.otherConfig, indent: "  ")
        out += map("external_ids", bridge.externalIDs, indent: "  ")
        out.append(bridge.ports.isEmpty ? "  ports: {}" : "  ports:")
        for port in bridge.ports { out += self.port(port).map { "    " + $0 } }
        if !bridge.mirrors.isEmpty {
            out.append("  mirrors:")
            for mirror in bridge.mirrors { out += self.mirror(mirror).map { "    " + $0 } }
        }
        if !bridge.plugins.isEmpty {
            out.append("  plugins:")
            for plugin in bridge.plugins { out += self.plugin(plugin).map { "    " + $0 } }
        }
        // An empty list is not the same as none: with `policies: []` Switchboard owns the flows.
        if let policies = bridge.policies {
            out.append(policies.isEmpty ? "  policies: []" : "  policies:")
            out += policies.map { "    - " + rule(FirewallRuleWriter.text($0)) }
        }
        return out
    }

    static func plugin(_ plugin: Plugin) -> [String] {
        var out = ["\(quote(plugin.name)):", "  port: \(quote(plugin.port))"]
        if let ip = plugin.ip { out.append("  ip: \(quote(ip))") }
        if let mac = plugin.mac { out.append("  mac: \(quote(mac))") }
        return out
    }

    /// A rule plain, as people write them, unless YAML would read something else in it.
    static func rule(_ text: String) -> String {
        let plainSafe =
            (text.first?.isLetter ?? false) && !text.contains(": ") && !text.contains(" #")
            && text.allSatisfy { $0.isASCII && !"\"'{}[],&*!|>%@`".contains($0) }
        return plainSafe ? text : quote(text)
    }

    static func port(_ port: Port) -> [String] {
        var fields: [(String, String)] = []
        func device(_ type: String) { if !type.isEmpty { fields.append(("type", quote(type))) } }
        switch port.kind {
        case .system(let type): device(type)
        case .access(let vlan, let type):
            device(type)
            fields.append(("vlan", String(vlan)))
        case .trunk(let trunk, let type):
            device(type)
            fields.append(("trunks", numbers(trunk.vlans)))
            if let native = trunk.nativeVLAN { fields.append(("native_vlan", String(native))) }
            if let mode = trunk.mode { fields.append(("vlan_mode", mode)) }
        case .internal(let vlan, let mac):
            fields.append(("type", "internal"))
            if let vlan { fields.append(("vlan", String(vlan))) }
            if let mac { fields.append(("mac", quote(mac))) }
        case .patch(let peer):
            fields += [("type", "patch"), ("peer", quote(peer))]
        case .tunnel(let tunnel):
            fields += [("type", tunnel.kind.rawValue), ("remote_ip", quote(tunnel.remoteIP))]
            if let value = tunnel.localIP { fields.append(("local_ip", quote(value))) }
            if let value = tunnel.key { fields.append(("key", value)) }
            if let value = tunnel.destinationPort { fields.append(("dst_port", String(value))) }
            if let value = tunnel.tos { fields.append(("tos", value)) }
            if let value = tunnel.ttl { fields.append(("ttl", String(value))) }
        }
        if let request = port.ofportRequest { fields.append(("ofport_request", String(request))) }
        var out = ["\(quote(port.name)):" + (fields.isEmpty && port.externalIDs.isEmpty ? " {}" : "")]
        out += fields.map { "  \($0.0): \($0.1)" }
        out += map("external_ids", port.externalIDs, indent: "  ")
        return out
    }

    static func mirror(_ mirror: Mirror) -> [String] {
        var out = ["\(quote(mirror.name)):"]
        if mirror.selectAll { out.append("  select_all: true") }
        if !mirror.selectSourcePorts.isEmpty { out.append("  select_src_ports: \(list(mirror.selectSourcePorts))") }
        if !mirror.selectDestinationPorts.isEmpty {
            out.append("  select_dst_ports: \(list(mirror.selectDestinationPorts))")
        }
        if !mirror.selectVLANs.isEmpty { out.append("  select_vlans: \(numbers(mirror.selectVLANs))") }
        switch mirror.output {
        case .port(let name): out.append("  output_port: \(quote(name))")
        case .vlan(let vlan): out.append("  output_vlan: \(vlan)")
        }
        return out
    }

    static func map(_ key: String, _ values: [String: String], indent: String) -> [String] {
        guard !values.isEmpty else { return [] }
        return ["\(indent)\(key):"]
            + values.sorted { $0.key < $1.key }.map { "\(indent)  \(quote($0.key)): \(quote($0.value))" }
    }

    static func list(_ values: [String]) -> String { "[" + values.map(quote).joined(separator: ", ") + "]" }

    /// VLAN lists as YAML numbers, as people write them (`quote` would make `"100"` of each).
    static func numbers(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }

    /// Plain when YAML reads it back as the same string; double-quoted otherwise.
    static func quote(_ text: String) -> String {
        let plainSafe =
            !text.isEmpty
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
            && !(text.first?.isNumber ?? false) && !text.hasPrefix("-") && !text.hasPrefix(".")
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(text.lowercased())
        if plainSafe { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
