import TextSuggestions

/// A port. Its type is `type:` or follows from what it sets: `vlan` → access, `trunks` → trunk,
/// nothing → a system device.
extension Decoder {
    static let portTypes = ["system", "dummy", "internal", "patch", "vxlan", "geneve", "gre"]
    static let commonPortKeys = ["type", "ofport_request", "external_ids"]
    static let vlanKeys = ["vlan", "trunks", "native_vlan", "vlan_mode"]
    static let tunnelKeys = ["remote_ip", "local_ip", "key", "vni", "dst_port", "tos", "ttl"]
    static let allPortKeys = commonPortKeys + vlanKeys + ["mac", "peer"] + tunnelKeys
    static let vlanRange = 1...4094
    static let vlanHint = "VLAN ids run from 1 to 4094 (0 and 4095 are reserved)"

    mutating func decodePort(_ entry: YAMLEntry, path: String) -> Port? {
        let name = entry.key
        if !Self.isName(name) {
            error(entry.keyLocation, path, "port name `\(name)` may hold only letters, digits, `-`, `_` and `.`")
        }
        guard let fields = mapping(entry.value, path, what: "port \(name)") else { return nil }
        var type = "system"
        if let node = fields["type"], let text = string(node, fields.path("type")) {
            guard Self.portTypes.contains(text) else {
                error(
                    node.location, fields.path("type"), "unknown port type `\(text)`",
                    hint: DidYouMean.hint(for: text, among: Self.portTypes))
                return nil
            }
            type = text
        }
        let allowed: [String]
        switch type {
        case "system", "dummy": allowed = Self.commonPortKeys + Self.vlanKeys
        case "internal": allowed = Self.commonPortKeys + ["vlan", "mac"]
        case "patch": allowed = Self.commonPortKeys + ["peer"]
        default: allowed = Self.commonPortKeys + Self.tunnelKeys
        }
        var elsewhere: [String: String] = [:]
        for key in Self.allPortKeys where !allowed.contains(key) {
            elsewhere[key] = "does not apply to a port of type \(type)"
        }
        checkKeys(fields, allowed: allowed, elsewhere: elsewhere)

        var ofportRequest: Int?
        if let node = fields["ofport_request"] {
            ofportRequest = int(node, fields.path("ofport_request"), 1...65279, what: "ofport_request")
        }
        let externalIDs = fields["external_ids"].map { stringMap($0, fields.path("external_ids")) } ?? [:]
        let kind: Port.Kind?
        switch type {
        case "system", "dummy": kind = decodeDevicePort(fields, interfaceType: type == "dummy" ? "dummy" : "")
        case "internal": kind = decodeInternalPort(fields)
        case "patch":
            if let node = fields["peer"] {
                kind = string(node, fields.path("peer")).map { .patch(peer: $0) }
            } else {
                error(
                    fields.location, fields.path("peer"), "patch port \(name) has no `peer`",
                    hint: "name the port on the other bridge, e.g. peer: patch-to-\(name)")
                kind = nil
            }
        default: kind = decodeTunnel(fields, kind: Tunnel.Kind(rawValue: type) ?? .vxlan).map { .tunnel($0) }
        }
        guard let kind else { return nil }
        return Port(
            name: name, kind: kind, ofportRequest: ofportRequest, externalIDs: externalIDs,
            location: entry.keyLocation)
    }

    /// A device port: plain, access (`vlan`) or trunk (`trunks`, `native_vlan`, `vlan_mode`).
    mutating func decodeDevicePort(_ fields: Fields, interfaceType: String) -> Port.Kind? {
        let vlan = fields["vlan"].flatMap {
            int($0, fields.path("vlan"), Self.vlanRange, what: "VLAN", hint: Self.vlanHint)
        }
        let isTrunk = fields.has("trunks") || fields.has("native_vlan") || fields.has("vlan_mode")
        if fields.has("vlan"), isTrunk {
            error(
                fields["vlan"]?.location ?? fields.location, fields.path("vlan"),
                "a port is either access (`vlan`) or trunk (`trunks`), not both",
                hint: "for untagged traffic on a trunk, use `native_vlan` instead of `vlan`")
            return nil
        }
        if let vlan { return .access(vlan: vlan, interfaceType: interfaceType) }
        if fields.has("vlan") { return nil }
        guard isTrunk else { return .system(interfaceType: interfaceType) }
        let vlans =
            fields["trunks"].map {
                ints($0, fields.path("trunks"), Self.vlanRange, what: "VLAN", hint: Self.vlanHint)
            } ?? []
        let native = fields["native_vlan"].flatMap {
            int($0, fields.path("native_vlan"), Self.vlanRange, what: "VLAN", hint: Self.vlanHint)
        }
        var mode: String?
        if let node = fields["vlan_mode"], let text = string(node, fields.path("vlan_mode")) {
            let modes = ["trunk", "native-untagged", "native-tagged"]
            if modes.contains(text) {
                mode = text
                if text != "trunk", native == nil {
                    error(
                        node.location, fields.path("vlan_mode"), "vlan_mode \(text) needs `native_vlan`",
                        hint: "add native_vlan: N (the VLAN untagged frames belong to)")
                }
            } else {
                error(
                    node.location, fields.path("vlan_mode"), "unknown vlan_mode `\(text)`",
                    hint: DidYouMean.hint(for: text, among: modes))
            }
        }
        return .trunk(Port.Trunk(vlans: vlans, nativeVLAN: native, mode: mode), interfaceType: interfaceType)
    }

    mutating func decodeInternalPort(_ fields: Fields) -> Port.Kind? {
        let vlan = fields["vlan"].flatMap {
            int($0, fields.path("vlan"), Self.vlanRange, what: "VLAN", hint: Self.vlanHint)
        }
        var mac: String?
        if let node = fields["mac"], let text = string(node, fields.path("mac")) {
            if ValueSyntax.isMAC(text) {
                mac = text.lowercased()
            } else {
                error(
                    node.location, fields.path("mac"), "`\(text)` is not a MAC address",
                    hint: "six hex pairs separated by colons, e.g. \"02:00:00:00:00:01\" (quote it)")
            }
        }
        return .internal(vlan: vlan, mac: mac)
    }

    mutating func decodeTunnel(_ fields: Fields, kind: Tunnel.Kind) -> Tunnel? {
        func address(_ key: String) -> String? {
            guard let node = fields[key], let text = string(node, fields.path(key)) else { return nil }
            guard text == "flow" || ValueSyntax.isIP(text) else {
                error(
                    node.location, fields.path(key), "`\(text)` is not an IP address",
                    hint: "an IPv4 or IPv6 address, or `flow` to set it per packet from OpenFlow")
                return nil
            }
            return text
        }
        var remote = address("remote_ip")
        if !fields.has("remote_ip") {
            error(
                fields.location, fields.path("remote_ip"), "a \(kind.rawValue) tunnel needs `remote_ip`",
                hint: "the other end's address, ${node.NAME.underlay_ip}, or `flow`")
            remote = nil
        }
        let local = address("local_ip")
        if fields.has("key"), fields.has("vni") {
            error(
                fields["vni"]?.location ?? fields.location, fields.path("vni"),
                "`vni` and `key` are the same setting", hint: "keep one of them")
        }
        var key: String?
        let keyName = fields.has("vni") ? "vni" : "key"
        if let node = fields[keyName], let text = string(node, fields.path(keyName)) {
            if text == "flow" {
                key = text
            } else {
                // VXLAN and Geneve carry a 24-bit VNI; a GRE key has 32 bits.
                let range = kind == .gre ? 0...4_294_967_295 : 1...16_777_215
                let hint = kind == .gre ? nil : "a VNI runs from 1 to 16777215 (24 bits)"
                key = int(node, fields.path(keyName), range, what: kind == .gre ? "GRE key" : "VNI", hint: hint)
                    .map(String.init)
            }
        }
        let port = fields["dst_port"].flatMap { int($0, fields.path("dst_port"), 1...65535, what: "dst_port") }
        let ttl = fields["ttl"].flatMap { int($0, fields.path("ttl"), 1...255, what: "ttl") }
        var tos: String?
        if let node = fields["tos"], let text = string(node, fields.path("tos")) {
            if text == "inherit" {
                tos = text
            } else {
                tos = int(node, fields.path("tos"), 0...255, what: "tos", hint: "a number 0–255 or `inherit`")
                    .map(String.init)
            }
        }
        guard let remote else { return nil }
        return Tunnel(
            kind: kind, remoteIP: remote, localIP: local, key: key, destinationPort: port, tos: tos, ttl: ttl)
    }
}
