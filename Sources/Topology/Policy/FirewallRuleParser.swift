/// Parses policies written the way edge appliances write them, as iptables-style rules:
///
///     PREROUTING -i uplink -p tcp --dport 45 -j DNAT --to 198.51.100.3:22
///     POSTROUTING -o uplink -s 198.51.100.3 -j SNAT --to 3.222.10.5
///     FORWARD -p tcp --dport 80 -j DROP
///     PREROUTING -d 10.0.0.5 -j COPY --to ids --bidirectional
///     FORWARD -i uplink -p tcp --dport 80 -j THROUGH --to waf
///
/// into the same `PolicyRule` the structured YAML form produces. Every error names the column
/// and token and, for unknown words, the nearest known one.
public struct FirewallRuleParser: Sendable {
    /// Where the rule text starts, so errors point into the file rather than into the string.
    public var origin: SourceLocation

    public init(origin: SourceLocation = SourceLocation(file: "<rule>", line: 1, column: 1)) {
        self.origin = origin
    }

    public func parse(_ text: String) throws(RuleSyntaxError) -> PolicyRule {
        var tokens = RuleTokens(text, origin: origin)
        if tokens.peek?.text == "-A" { _ = tokens.next() }
        guard let chainToken = tokens.next() else {
            throw RuleSyntaxError(
                "empty rule", at: origin, hint: "start with a chain: PREROUTING, FORWARD or POSTROUTING")
        }
        guard let chain = PolicyRule.Chain(rawValue: chainToken.text.uppercased()) else {
            throw RuleSyntaxError.unknown(
                "chain", chainToken, known: PolicyRule.Chain.allCases.map(\.rawValue))
        }
        var match = TrafficMatch()
        var target: Token?
        var options = TargetOptions()
        while let token = tokens.next() {
            switch token.text {
            case "-t":
                _ = try tokens.value(after: token, "a table name")  // nat/filter: implied by the target
            case "-m", "--match":
                _ = try tokens.value(after: token, "a match module")  // tcp/udp: implied by -p
            case "-i", "--in-interface": match.inPort = try tokens.value(after: token, "a port name").text
            case "-o", "--out-interface": match.outPort = try tokens.value(after: token, "a port name").text
            case "-p", "--protocol":
                let value = try tokens.value(after: token, "a protocol")
                guard let proto = TransportProtocol(rawValue: value.text.lowercased()) else {
                    throw RuleSyntaxError.unknown("protocol", value, known: TransportProtocol.allCases.map(\.rawValue))
                }
                match.proto = proto
            case "-s", "--source", "--src": match.source = try network(tokens.value(after: token, "an address or CIDR"))
            case "-d", "--destination", "--dst":
                match.destination = try network(tokens.value(after: token, "an address or CIDR"))
            case "--sport", "--source-port":
                match.sourcePorts = try ports(tokens.value(after: token, "a port or range"))
            case "--dport", "--destination-port":
                match.destinationPorts = try ports(tokens.value(after: token, "a port or range"))
            case "--vlan":
                let value = try tokens.value(after: token, "a VLAN id")
                guard let vlan = UInt16(value.text), (1...4094).contains(vlan) else {
                    throw RuleSyntaxError("VLAN '\(value.text)' is outside 1-4094", at: value.location)
                }
                match.vlan = vlan
            case "-j", "--jump": target = try tokens.value(after: token, "a target")
            default:
                guard target != nil else {
                    throw RuleSyntaxError.unknown("option", token, known: Self.matchOptions)
                }
                try options.take(token, from: &tokens)
            }
        }
        guard let target else {
            throw RuleSyntaxError(
                "rule has no target", at: tokens.end,
                hint: "end it with -j DNAT|SNAT|MASQUERADE|COPY|THROUGH|DROP|ACCEPT")
        }
        let action = try options.action(for: target)
        if let from = options.from {
            // `--from PORT` is COPY's way of saying `-i PORT`.
            guard match.inPort == nil else {
                throw RuleSyntaxError("give either -i or --from, not both", at: from.location)
            }
            match.inPort = from.text
        }
        return PolicyRule(chain: chain, match: match, action: action, location: origin)
    }

    static let matchOptions = [
        "-i", "-o", "-p", "-s", "-d", "--sport", "--dport", "--vlan", "-j", "-m", "-t",
    ]

    private func network(_ token: Token) throws(RuleSyntaxError) -> IPv4Network {
        guard let network = IPv4Network(token.text) else {
            throw RuleSyntaxError(
                "'\(token.text)' is not an IPv4 address or CIDR with zero host bits", at: token.location,
                hint: "write it like 10.0.0.0/24 or 10.0.0.5")
        }
        return network
    }

    private func ports(_ token: Token) throws(RuleSyntaxError) -> PortRange {
        guard let range = PortRange(token.text) else {
            throw RuleSyntaxError(
                "'\(token.text)' is not a port or range", at: token.location, hint: "write it like 80 or 8000:8080")
        }
        return range
    }
}

/// The options after `-j TARGET`, collected before the target decides which of them it takes.
private struct TargetOptions {
    var to: [Token] = []
    var stateless = false
    var direction: CopyDirection?
    var rewriteMAC = false
    var from: Token?
    var seen: [Token] = []

    static let known = [
        "--to", "--to-destination", "--to-source", "--stateless", "--inbound", "--outbound", "--bidirectional",
        "--rewrite-mac", "--from",
    ]

    /// The options each target takes. Constants, not literals in `action`: a literal set was
    /// built (and its words hashed) for every rule of a file.
    static let noOptions: [String] = []
    static let dnatOptions = ["--to", "--to-destination", "--stateless"]
    static let snatOptions = ["--to", "--to-source"]
    static let copyOptions = ["--to", "--inbound", "--outbound", "--bidirectional", "--rewrite-mac", "--from"]
    static let throughOptions = ["--to"]

    mutating func take(_ token: Token, from tokens: inout RuleTokens) throws(RuleSyntaxError) {
        seen.append(token)
        switch token.text {
        case "--to", "--to-destination", "--to-source": to.append(try tokens.value(after: token, "an address"))
        case "--stateless": stateless = true
        case "--inbound": direction = .inbound
        case "--outbound": direction = .outbound
        case "--bidirectional": direction = .bidirectional
        case "--rewrite-mac": rewriteMAC = true
        case "--from": from = try tokens.value(after: token, "a port name")
        default: throw RuleSyntaxError.unknown("target option", token, known: Self.known)
        }
    }

    func action(for target: Token) throws(RuleSyntaxError) -> PolicyAction {
        let name = target.text.uppercased()
        let allowed: [String]
        let action: PolicyAction
        switch name {
        case "ACCEPT", "DROP":
            allowed = Self.noOptions
            action = name == "DROP" ? .drop : .accept
        case "DNAT":
            allowed = Self.dnatOptions
            guard !to.isEmpty else { throw RuleSyntaxError("DNAT needs --to ADDRESS[:PORT]", at: target.location) }
            action = .dnat(targets: try to.map(natTarget), stateless: stateless)
        case "SNAT":
            allowed = Self.snatOptions
            guard to.count == 1, let address = IPv4Address(to[0].text) else {
                throw RuleSyntaxError(
                    "SNAT needs exactly one --to ADDRESS", at: (to.first ?? target).location,
                    hint: "for example --to 3.222.10.5")
            }
            action = .snat(to: address)
        case "MASQUERADE":
            allowed = Self.noOptions
            action = .masquerade
        case "COPY":
            allowed = Self.copyOptions
            guard to.count == 1 else {
                throw RuleSyntaxError("COPY needs exactly one --to PLUGIN", at: (to.first ?? target).location)
            }
            action = .copy(
                to: IPv4Address(to[0].text).map(PluginReference.address) ?? .name(to[0].text),
                direction: direction ?? .inbound, rewriteMAC: rewriteMAC)
        case "THROUGH":
            allowed = Self.throughOptions
            guard to.count == 1 else {
                throw RuleSyntaxError("THROUGH needs exactly one --to PLUGIN", at: (to.first ?? target).location)
            }
            action = .through(IPv4Address(to[0].text).map(PluginReference.address) ?? .name(to[0].text))
        default:
            throw RuleSyntaxError.unknown(
                "target", target, known: ["DNAT", "SNAT", "MASQUERADE", "COPY", "THROUGH", "DROP", "ACCEPT"])
        }
        if let stray = seen.first(where: {
            !allowed.contains($0.text) && !($0.text.hasPrefix("--to") && allowed.contains("--to"))
        }) {
            throw RuleSyntaxError("\(stray.text) does not apply to \(name)", at: stray.location)
        }
        return action
    }

    private func natTarget(_ token: Token) throws(RuleSyntaxError) -> NATTarget {
        do {
            return try NATTarget(parsing: token.text)
        } catch {
            throw RuleSyntaxError(error.message, at: token.location)
        }
    }
}
