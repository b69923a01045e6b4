import Testing
import Topology

@Suite("Firewall-style rules")
struct FirewallRuleParserTests {
    let parser = FirewallRuleParser(origin: SourceLocation(file: "edge.yaml", line: 12, column: 7))

    @Test("DNAT from the issue: every field lands in the structure")
    func dnat() throws {
        let rule = try parser.parse("PREROUTING -i eth0 -p tcp -s 0.0.0.0/0 --dport 45 -j DNAT --to 198.51.100.3:22")
        #expect(rule.chain == .prerouting)
        #expect(rule.match.inPort == "eth0")
        #expect(rule.match.proto == .tcp)
        #expect(rule.match.source?.isAny == true)
        #expect(rule.match.destinationPorts == PortRange(45))
        #expect(
            rule.action
                == .dnat(
                    targets: [NATTarget(plugin: .address(IPv4Address("198.51.100.3")!), port: 22)], stateless: false))
        #expect(rule.location == SourceLocation(file: "edge.yaml", line: 12, column: 7))
    }

    @Test("-A, -t and -m are accepted and ignored where they add nothing")
    func iptablesNoise() throws {
        let rule = try parser.parse("-A FORWARD -t filter -m tcp -p tcp --dport 80 -j DROP")
        #expect(rule.chain == .forward && rule.action == .drop && rule.match.destinationPorts == PortRange(80))
    }

    @Test("the other targets")
    func targets() throws {
        #expect(
            try parser.parse("POSTROUTING -o uplink -s 198.51.100.3 -j SNAT --to 3.222.10.5").action
                == .snat(to: IPv4Address("3.222.10.5")!))
        #expect(try parser.parse("POSTROUTING -o uplink -s 198.51.100.3 -j MASQUERADE").action == .masquerade)
        #expect(
            try parser.parse("PREROUTING -j COPY --bidirectional --to 198.51.100.3").action
                == .copy(to: .address(IPv4Address("198.51.100.3")!), direction: .bidirectional, rewriteMAC: false))
        #expect(
            try parser.parse("PREROUTING -p udp -j COPY --to ids --outbound --rewrite-mac").action
                == .copy(to: .name("ids"), direction: .outbound, rewriteMAC: true))
        #expect(
            try parser.parse("PREROUTING -p tcp -d 10.0.0.100 --dport 80 -j DNAT --to web1:8080 --to web2:8080")
                .action
                == .dnat(
                    targets: [
                        NATTarget(plugin: .name("web1"), port: 8080), NATTarget(plugin: .name("web2"), port: 8080),
                    ],
                    stateless: false))
        #expect(
            try parser.parse("FORWARD -p tcp --dport 1000:2000 -j ACCEPT").match.destinationPorts
                == PortRange(1000, 2000))
    }

    @Test(
        "errors name the column, the token and a fix",
        arguments: [
            ("PREROUTNG -j DROP", 7, "unknown chain 'PREROUTNG'", "did you mean PREROUTING?"),
            ("FORWARD --dprot 80 -j DROP", 15, "unknown option '--dprot'", "did you mean --dport?"),
            ("FORWARD -p tpc -j DROP", 18, "unknown protocol 'tpc'", "did you mean tcp?"),
            ("FORWARD -s 10.0.0.7/24 -j DROP", 18, "'10.0.0.7/24' is not an IPv4 address or CIDR", nil),
            ("FORWARD -p tcp --dport 99999 -j DROP", 30, "'99999' is not a port or range", nil),
            ("FORWARD -p tcp --dport 80", 32, "rule has no target", nil),
            ("FORWARD -j DORP", 18, "unknown target 'DORP'", "did you mean DROP?"),
            ("PREROUTING -j DNAT", 21, "DNAT needs --to", nil),
            ("POSTROUTING -j SNAT --to nowhere", 32, "SNAT needs exactly one --to ADDRESS", nil),
            ("FORWARD -j DROP --to 1.2.3.4", 23, "--to does not apply to DROP", nil),
            ("FORWARD -i", 15, "-i needs a port name", nil),
            ("FORWARD --vlan 5000 -j DROP", 22, "VLAN '5000' is outside 1-4094", nil),
            ("", 7, "empty rule", nil),
            // Tabs separate words too; a non-ASCII character is one column, not one per byte.
            ("FORWARD\t-p tcp\t--dprot 80 -j DROP", 22, "unknown option '--dprot'", "did you mean --dport?"),
            ("FORWARD -i \u{FC}0 --dprot 80 -j DROP", 21, "unknown option '--dprot'", "did you mean --dport?"),
        ] as [(String, Int, String, String?)])
    func errors(text: String, column: Int, message: String, hint: String?) {
        #expect {
            try parser.parse(text)
        } throws: { error in
            guard let error = error as? RuleSyntaxError else { return false }
            #expect(error.location.line == 12)
            #expect(error.location.column == column, "\(error)")
            #expect(error.message.hasPrefix(message), "\(error)")
            if let hint { #expect(error.hint == hint, "\(error)") }
            return true
        }
    }

    @Test("addresses and ranges")
    func values() {
        #expect(IPv4Address("10.0.0.1")?.value == 0x0A00_0001)
        #expect(IPv4Address("10.0.1") == nil && IPv4Address("256.0.0.1") == nil && IPv4Address("1.2.3.4 ") == nil)
        for bad in ["", ".", "1.2.3.4.", ".1.2.3", "1..2.3", "1.2.3.4.5", "1.2.3.0004", "1.2.3.\u{0664}", "1.2.3.a"] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
        #expect(IPv4Address("255.255.255.255")?.value == UInt32.max && IPv4Address("010.0.0.001")?.value == 0x0A00_0001)
        #expect(IPv4Address("10.0.0.1"[...])?.value == 0x0A00_0001)
        #expect(IPv4Network("10.0.0.0/8")?.mask == 0xFF00_0000)
        #expect(IPv4Network("10.0.0.0/33") == nil)
        #expect(MACAddress("02:5B:0a:00:00:64")?.description == "02:5b:0a:00:00:64")
        #expect(MACAddress(virtualFor: IPv4Address("10.0.0.100")!).description == "02:5b:0a:00:00:64")
        #expect(PortRange("2000:1000") == nil)
    }
}
