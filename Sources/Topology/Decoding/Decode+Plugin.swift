/// A plugin: `port` (required), `ip` (address or CIDR), `mac`.
extension Decoder {
    static let pluginKeys = ["port", "ip", "mac"]

    mutating func decodePlugin(_ entry: YAMLEntry, path: String) -> Plugin? {
        guard let fields = mapping(entry.value, path, what: "plugin \(entry.key)") else { return nil }
        checkKeys(fields, allowed: Self.pluginKeys)
        guard let portNode = fields["port"] else {
            error(
                fields.location, fields.path("port"), "plugin \(entry.key) has no `port`",
                hint: "name the bridge port the plugin is attached to")
            return nil
        }
        var ip: String?
        if let node = fields["ip"], let text = string(node, fields.path("ip")) {
            if ValueSyntax.isIPOrCIDR(text) {
                ip = text
            } else {
                error(
                    node.location, fields.path("ip"), "`\(text)` is not an IP address or CIDR",
                    hint: "e.g. 10.0.0.2 or 10.0.0.2/24")
            }
        }
        var mac: String?
        if let node = fields["mac"], let text = string(node, fields.path("mac")) {
            if ValueSyntax.isMAC(text) {
                mac = text.lowercased()
            } else {
                error(
                    node.location, fields.path("mac"), "`\(text)` is not a MAC address",
                    hint: "e.g. \"02:00:00:00:00:01\"")
            }
        }
        guard let port = string(portNode, fields.path("port")) else { return nil }
        return Plugin(name: entry.key, port: port, ip: ip, mac: mac, location: entry.keyLocation)
    }
}
