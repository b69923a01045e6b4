import TextSuggestions

/// A bridge's `policies:` list. Each item is either a firewall-style rule (a string, read by
/// `FirewallRuleParser`) or the same rule structured, one key naming the action:
///
///     - PREROUTING -i uplink -p tcp --dport 45 -j DNAT --to firewall:22
///     - dnat: {in_port: uplink, proto: tcp, dport: 45, to: firewall:22}
///
/// Both become the same `PolicyRule`; order is priority (first match wins).
extension Decoder {
    static let policyActions = ["dnat", "snat", "masquerade", "copy", "through", "drop", "accept"]
    static let policyMatchKeys = ["in_port", "out_port", "proto", "src", "dst", "sport", "dport", "vlan"]
    static let policyActionKeys: [String: [String]] = [
        "dnat": ["to", "stateless"],
        "snat": ["to"],
        "masquerade": [],
        "copy": ["to", "direction", "rewrite_mac", "from"],
        "through": ["to"],
        "drop": ["chain"],
        "accept": ["chain"],
    ]

    mutating func decodePolicies(_ node: YAMLNode, path: String) -> [PolicyRule] {
        if node.isNull { return [] }
        guard case .sequence(let items, _) = node else {
            error(
                node.location, path, "expected a list of rules for policies, found \(node.kindName)",
                hint: "write each rule as a list item: `- FORWARD -p tcp --dport 80 -j DROP`")
            return []
        }
        var rules: [PolicyRule] = []
        for (index, item) in items.enumerated() {
            // Built only for a diagnostic: a file of ten thousand rules has no use for ten
            // thousand paths.
            var itemPath: String { path + "[\(index)]" }
            switch item {
            case .scalar(let text, let quoted, let location):
                // A `${…}` that did not resolve is reported already; parsing what is left would
                // only add a confusing second error.
                if unresolved.contains(location) { continue }
                // A quoted rule starts one column after its quote, so columns point into the rule.
                let origin = SourceLocation(
                    file: location.file, line: location.line, column: location.column + (quoted ? 1 : 0))
                do {
                    rules.append(try FirewallRuleParser(origin: origin).parse(text))
                } catch {
                    self.error(error.location, itemPath, error.message, hint: error.hint)
                }
            case .mapping:
                if let rule = decodeStructuredRule(item, path: itemPath) { rules.append(rule) }
            case .sequence:
                error(item.location, itemPath, "expected a rule (a string or a mapping), found a sequence")
            }
        }
        return rules
    }

    private mutating func decodeStructuredRule(_ node: YAMLNode, path: String) -> PolicyRule? {
        guard let outer = mapping(node, path, what: "a rule"), let entry = outer.entries.first,
            outer.entries.count == 1
        else {
            error(
                node.location, path, "a structured rule has exactly one key, its action",
                hint: "one of: " + Self.policyActions.joined(separator: ", "))
            return nil
        }
        guard let allowedOptions = Self.policyActionKeys[entry.key] else {
            error(
                entry.keyLocation, Self.join(path, entry.key), "unknown policy action `\(entry.key)`",
                hint: DidYouMean.hint(for: entry.key, among: Self.policyActions))
            return nil
        }
        guard let fields = mapping(entry.value, Self.join(path, entry.key), what: "\(entry.key) options") else {
            return nil
        }
        checkKeys(fields, allowed: Self.policyMatchKeys + allowedOptions)
        let before = diagnostics.count
        let match = decodeTrafficMatch(fields)
        let action: PolicyAction?
        var chain: PolicyRule.Chain
        switch entry.key {
        case "dnat":
            chain = .prerouting
            let targets = natTargets(fields)
            action = targets.map {
                .dnat(
                    targets: $0, stateless: fields["stateless"].flatMap { bool($0, fields.path("stateless")) } ?? false)
            }
        case "snat":
            chain = .postrouting
            action = snatAddress(fields).map { .snat(to: $0) }
        case "masquerade":
            chain = .postrouting
            action = .masquerade
        case "copy":
            chain = .prerouting
            action = copyAction(fields)
        case "through":
            chain = .forward
            action = pluginReference(fields, for: "through", what: "the plugin traffic goes through").map(
                PolicyAction.through)
        default:
            chain = .forward
            action = entry.key == "drop" ? .drop : .accept
            if let node = fields["chain"], let text = string(node, fields.path("chain")) {
                if let named = PolicyRule.Chain(rawValue: text.uppercased()), named != .postrouting {
                    chain = named
                } else {
                    error(
                        node.location, fields.path("chain"), "`\(text)` is not a chain for \(entry.key)",
                        hint: "PREROUTING or FORWARD")
                }
            }
        }
        var rule = match.map { PolicyRule(chain: chain, match: $0, action: .accept, location: entry.keyLocation) }
        if let from = fields["from"], let port = string(from, fields.path("from")) {
            if rule?.match.inPort != nil {
                error(from.location, fields.path("from"), "give either in_port or from, not both")
            }
            rule?.match.inPort = port
        }
        guard var rule, let action, diagnostics.count == before else { return nil }
        rule.action = action
        return rule
    }

    private mutating func decodeTrafficMatch(_ fields: Fields) -> TrafficMatch? {
        var match = TrafficMatch()
        var valid = true
        if let node = fields["in_port"] { match.inPort = string(node, fields.path("in_port")) }
        if let node = fields["out_port"] { match.outPort = string(node, fields.path("out_port")) }
        if let node = fields["proto"], let text = string(node, fields.path("proto")) {
            match.proto = TransportProtocol(rawValue: text.lowercased())
            if match.proto == nil {
                valid = false
                error(
                    node.location, fields.path("proto"), "unknown protocol `\(text)`",
                    hint: DidYouMean.hint(for: text, among: TransportProtocol.allCases.map(\.rawValue)))
            }
        }
        for (key, keyPath) in [("src", \TrafficMatch.source), ("dst", \TrafficMatch.destination)] {
            guard let node = fields[key], let text = string(node, fields.path(key)) else { continue }
            guard let network = IPv4Network(text) else {
                valid = false
                error(
                    node.location, fields.path(key), "`\(text)` is not an IPv4 address or CIDR with zero host bits",
                    hint: "write it like 10.0.0.0/24 or 10.0.0.5")
                continue
            }
            match[keyPath: keyPath] = network
        }
        for (key, keyPath) in [("sport", \TrafficMatch.sourcePorts), ("dport", \TrafficMatch.destinationPorts)] {
            guard let node = fields[key], let text = string(node, fields.path(key)) else { continue }
            guard let range = PortRange(text) else {
                valid = false
                error(
                    node.location, fields.path(key), "`\(text)` is not a port or range",
                    hint: "write it like 80 or 8000:8080")
                continue
            }
            match[keyPath: keyPath] = range
        }
        if let node = fields["vlan"] {
            match.vlan = int(node, fields.path("vlan"), 1...4094, what: "VLAN").map(UInt16.init)
            valid = valid && match.vlan != nil
        }
        return valid ? match : nil
    }

    private mutating func natTargets(_ fields: Fields) -> [NATTarget]? {
        guard let node = fields["to"] else {
            error(fields.location, fields.path("to"), "dnat needs `to`", hint: "a plugin or address, e.g. firewall:22")
            return nil
        }
        var targets: [NATTarget] = []
        for text in strings(node, fields.path("to")) {
            do {
                targets.append(try NATTarget(parsing: text))
            } catch {
                self.error(node.location, fields.path("to"), error.message)
                return nil
            }
        }
        return targets.isEmpty ? nil : targets
    }

    private mutating func snatAddress(_ fields: Fields) -> IPv4Address? {
        guard let node = fields["to"], let text = string(node, fields.path("to")) else {
            error(fields.location, fields.path("to"), "snat needs `to`", hint: "the address to use, e.g. 3.222.10.5")
            return nil
        }
        guard let address = IPv4Address(text) else {
            error(node.location, fields.path("to"), "`\(text)` is not an IPv4 address")
            return nil
        }
        return address
    }

    /// The plugin a `to:` names, by name or address.
    private mutating func pluginReference(_ fields: Fields, for action: String, what: String) -> PluginReference? {
        guard let node = fields["to"], let text = string(node, fields.path("to")) else {
            error(fields.location, fields.path("to"), "\(action) needs `to`", hint: what)
            return nil
        }
        return IPv4Address(text).map(PluginReference.address) ?? .name(text)
    }

    private mutating func copyAction(_ fields: Fields) -> PolicyAction? {
        guard let plugin = pluginReference(fields, for: "copy", what: "the plugin that gets the copy") else {
            return nil
        }
        var direction = CopyDirection.inbound
        if let node = fields["direction"], let value = string(node, fields.path("direction")) {
            guard let parsed = CopyDirection(rawValue: value) else {
                error(
                    node.location, fields.path("direction"), "unknown direction `\(value)`",
                    hint: DidYouMean.hint(for: value, among: ["inbound", "outbound", "bidirectional"]))
                return nil
            }
            direction = parsed
        }
        let rewriteMAC = fields["rewrite_mac"].flatMap { bool($0, fields.path("rewrite_mac")) } ?? false
        return .copy(to: plugin, direction: direction, rewriteMAC: rewriteMAC)
    }
}
