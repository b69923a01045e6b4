/// A rule as the one-line firewall form that `FirewallRuleParser` reads back to the same rule:
/// how `switchboard export` writes policies, in the form the examples and most files use.
/// Options are written in one fixed order, and a structured rule comes out in this form too.
public enum FirewallRuleWriter {
    public static func text(_ rule: PolicyRule) -> String {
        var words = [rule.chain.rawValue]
        let match = rule.match
        if let port = match.inPort { words += ["-i", port] }
        if let port = match.outPort { words += ["-o", port] }
        if let proto = match.proto { words += ["-p", proto.rawValue] }
        if let network = match.source { words += ["-s", network.description] }
        if let network = match.destination { words += ["-d", network.description] }
        if let ports = match.sourcePorts { words += ["--sport", ports.description] }
        if let ports = match.destinationPorts { words += ["--dport", ports.description] }
        if let vlan = match.vlan { words += ["--vlan", String(vlan)] }
        words += ["-j", rule.action.name]
        switch rule.action {
        case .accept, .drop, .masquerade:
            break
        case .dnat(let targets, let stateless):
            for target in targets {
                words += ["--to", target.plugin.description + (target.port.map { ":\($0)" } ?? "")]
            }
            if stateless { words.append("--stateless") }
        case .snat(let address):
            words += ["--to", address.description]
        case .copy(let plugin, let direction, let rewriteMAC):
            words += ["--to", plugin.description]
            // Inbound is what the parser assumes without a direction.
            if direction != .inbound { words.append("--\(direction.rawValue)") }
            if rewriteMAC { words.append("--rewrite-mac") }
        case .through(let plugin):
            words += ["--to", plugin.description]
        }
        return words.joined(separator: " ")
    }
}
