import OVSDB

/// Short descriptions for added rows: `access vlan 100`, `vxlan remote_ip 192.168.50.5 key 5000`.
enum Describe {
    static func port(_ port: PortState) -> String {
        let type = port.interface["type"]?.scalar?.stringValue ?? ""
        let options = port.interface["options"]?.stringDictionary ?? [:]
        let tag = port.port["tag"]?.scalar?.integerValue
        let trunks = port.port["trunks"]?.integers ?? []
        var words: [String]
        switch type {
        case "patch": words = ["patch", "peer", options["peer"] ?? "?"]
        case "vxlan", "geneve", "gre":
            words = [type, "remote_ip", options["remote_ip"] ?? "?"]
            for key in ["key", "dst_port", "ttl"] { if let value = options[key] { words += [key, value] } }
        case "internal": words = ["internal"] + (tag.map { ["vlan", String($0)] } ?? [])
        default:
            if !trunks.isEmpty || port.port["vlan_mode"]?.scalar != nil {
                words = ["trunk", "vlans", trunks.isEmpty ? "all" : trunks.map(String.init).joined(separator: ",")]
                if let tag { words += ["native", String(tag)] }
            } else if let tag {
                words = ["access", "vlan", String(tag)]
            } else {
                words = [type.isEmpty ? "system" : type]
            }
        }
        return words.joined(separator: " ")
    }

    static func bridge(_ bridge: BridgeState) -> String {
        var words: [String] = []
        if let type = bridge.columns["datapath_type"]?.scalar?.stringValue, !type.isEmpty { words.append(type) }
        if let mode = bridge.columns["fail_mode"]?.scalar?.stringValue { words.append("fail_mode \(mode)") }
        words += bridge.columns["protocols"]?.strings ?? []
        if !bridge.controllers.isEmpty { words.append("controller " + bridge.controllers.joined(separator: ",")) }
        return words.joined(separator: ", ")
    }

    static func mirror(_ mirror: MirrorState) -> String {
        var words: [String] = []
        if mirror.columns["select_all"]?.scalar?.booleanValue == true { words.append("all") }
        if !mirror.sourcePorts.isEmpty { words.append("src " + mirror.sourcePorts.joined(separator: ",")) }
        if !mirror.destinationPorts.isEmpty { words.append("dst " + mirror.destinationPorts.joined(separator: ",")) }
        let vlans = mirror.columns["select_vlan"]?.integers ?? []
        if !vlans.isEmpty { words.append("vlans " + vlans.map(String.init).joined(separator: ",")) }
        if let port = mirror.outputPort { words.append("→ port \(port)") }
        if let vlan = mirror.columns["output_vlan"]?.scalar?.integerValue { words.append("→ vlan \(vlan)") }
        return words.joined(separator: " ")
    }
}
