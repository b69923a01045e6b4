import TextSuggestions

/// A bridge: its settings, ports, mirrors, plugins and policies.
extension Decoder {
    static let bridgeKeys = [
        "datapath_type", "fail_mode", "protocols", "controllers", "datapath_id", "other_config", "external_ids",
        "ports", "mirrors", "plugins", "policies",
    ]
    static let openFlowVersions = ["OpenFlow10", "OpenFlow11", "OpenFlow12", "OpenFlow13", "OpenFlow14", "OpenFlow15"]
    static let datapathTypes = ["system", "netdev", "dummy"]

    mutating func decodeBridge(_ entry: YAMLEntry, path: String) -> Bridge? {
        let name = entry.key
        if !Self.isName(name) {
            error(entry.keyLocation, path, "bridge name `\(name)` may hold only letters, digits, `-`, `_` and `.`")
        }
        guard let fields = mapping(entry.value, path, what: "bridge \(name)") else { return nil }
        checkKeys(fields, allowed: Self.bridgeKeys)
        var datapathType: String?
        if let node = fields["datapath_type"], let text = string(node, fields.path("datapath_type")) {
            if Self.datapathTypes.contains(text) {
                datapathType = text
            } else {
                error(
                    node.location, fields.path("datapath_type"), "unknown datapath type `\(text)`",
                    hint: DidYouMean.hint(for: text, among: Self.datapathTypes))
            }
        }
        var failMode: Bridge.FailMode?
        if let node = fields["fail_mode"], let text = string(node, fields.path("fail_mode")) {
            failMode = Bridge.FailMode(rawValue: text)
            if failMode == nil {
                error(
                    node.location, fields.path("fail_mode"), "unknown fail mode `\(text)`",
                    hint: DidYouMean.hint(for: text, among: Bridge.FailMode.allCases.map(\.rawValue)))
            }
        }
        var protocols = Bridge.defaultProtocols
        if let node = fields["protocols"] {
            protocols = strings(node, fields.path("protocols"))
            for version in protocols where !Self.openFlowVersions.contains(version) {
                error(
                    node.location, fields.path("protocols"), "unknown OpenFlow version `\(version)`",
                    hint: DidYouMean.hint(for: version, among: Self.openFlowVersions))
            }
        }
        var controllers: [String] = []
        if let node = fields["controllers"] {
            controllers = strings(node, fields.path("controllers"))
            for target in controllers where !Self.isControllerTarget(target) {
                error(
                    node.location, fields.path("controllers"), "`\(target)` is not a controller target",
                    hint: "use tcp:HOST:PORT, ssl:HOST:PORT or unix:PATH (ptcp:/punix: to listen)")
            }
        }
        var datapathID: String?
        if let node = fields["datapath_id"], let text = string(node, fields.path("datapath_id")) {
            if ValueSyntax.isDatapathID(text) {
                datapathID = text.lowercased()
            } else {
                error(
                    node.location, fields.path("datapath_id"),
                    "datapath_id must be exactly 16 hex digits, got `\(text)`",
                    hint: "quote it so YAML keeps leading zeros: \"0000000000000001\"")
            }
        }
        let otherConfig = fields["other_config"].map { stringMap($0, fields.path("other_config")) } ?? [:]
        let externalIDs = fields["external_ids"].map { stringMap($0, fields.path("external_ids")) } ?? [:]
        var ports: [Port] = []
        if let node = fields["ports"], let list = mapping(node, fields.path("ports"), what: "ports") {
            for entry in list.entries {
                if let port = decodePort(entry, path: Decoder.join(list.path, entry.key)) { ports.append(port) }
            }
        }
        var mirrors: [Mirror] = []
        if let node = fields["mirrors"], let list = mapping(node, fields.path("mirrors"), what: "mirrors") {
            for entry in list.entries {
                if let mirror = decodeMirror(entry, path: Decoder.join(list.path, entry.key)) { mirrors.append(mirror) }
            }
        }
        var plugins: [Plugin] = []
        if let node = fields["plugins"], let list = mapping(node, fields.path("plugins"), what: "plugins") {
            for entry in list.entries {
                if let plugin = decodePlugin(entry, path: Decoder.join(list.path, entry.key)) { plugins.append(plugin) }
            }
        }
        return Bridge(
            name: name, datapathType: datapathType, failMode: failMode, protocols: protocols, controllers: controllers,
            datapathID: datapathID, otherConfig: otherConfig, externalIDs: externalIDs, ports: ports, mirrors: mirrors,
            plugins: plugins, policies: fields["policies"].map { decodePolicies($0, path: fields.path("policies")) },
            location: entry.keyLocation)
    }

    static func isControllerTarget(_ text: String) -> Bool {
        if ValueSyntax.isEndpoint(text) { return true }
        return text.hasPrefix("ptcp:") || text.hasPrefix("pssl:") || (text.hasPrefix("punix:") && text.count > 6)
    }
}
