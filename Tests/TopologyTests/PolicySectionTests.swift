import Testing

@testable import Topology

/// A bridge's `policies:` list: firewall-style strings and structured rules read into the same
/// `PolicyRule`s, every problem located in the file.
@Suite("policies in topology files")
struct PolicySectionTests {
    @Test("a rule string and its structured form are the same rule")
    func bothForms() throws {
        let topology = try loaded(
            single(
                """
                  br0:
                    ports: {uplink: {}, fw0: {}}
                    plugins: {firewall: {port: fw0, ip: 10.0.10.2/24, mac: "02:00:00:00:0f:01"}}
                    policies:
                      - PREROUTING -i uplink -p tcp -d 10.0.0.100 --dport 45 -j DNAT --to firewall:22
                      - dnat: {in_port: uplink, proto: tcp, dst: 10.0.0.100, dport: 45, to: "firewall:22"}
                      - FORWARD -p tcp --dport 80:89 -j DROP
                      - drop: {proto: tcp, dport: "80:89"}
                      - PREROUTING -p icmp -d 10.0.0.9 -j COPY --to firewall --bidirectional
                      - copy: {proto: icmp, dst: 10.0.0.9, to: firewall, direction: bidirectional}
                      - POSTROUTING -o uplink -s 10.0.10.2 -j SNAT --to 203.0.113.7
                      - snat: {out_port: uplink, src: 10.0.10.2, to: 203.0.113.7}
                      - FORWARD -i uplink -p tcp --dport 443 -j THROUGH --to firewall
                      - through: {in_port: uplink, proto: tcp, dport: 443, to: firewall}
                """))
        let bridge = try #require(topology.nodes.first?.bridges.first)
        let rules = try #require(bridge.policies)
        #expect(rules.count == 10)
        for pair in stride(from: 0, to: rules.count, by: 2) {
            var structured = rules[pair + 1]
            structured.location = rules[pair].location
            #expect(structured == rules[pair], "rule \(pair / 2 + 1): the two forms differ")
        }
        #expect(rules[0].location.line == 8 && rules[0].location.column == 9)
        #expect(rules[1].location.line == 9 && rules[1].location.column == 9)
        #expect(bridge.managesFlows && bridge.effectiveFailMode == .secure)
        let plugin = try #require(PolicyPlugin(bridge.plugins[0]))
        #expect(plugin.address.description == "10.0.10.2" && plugin.mac?.description == "02:00:00:00:0f:01")
    }

    @Test("no policies key: flows are not Switchboard's; an empty list is")
    func ownership() throws {
        let none = try loaded(single("  br0: {}\n"))
        #expect(none.nodes[0].bridges[0].policies == nil && none.nodes[0].bridges[0].effectiveFailMode == nil)
        let empty = try loaded(single("  br0: {policies: []}\n"))
        #expect(empty.nodes[0].bridges[0].policies == [] && empty.nodes[0].bridges[0].effectiveFailMode == .secure)
        let standalone = try loaded(single("  br0: {fail_mode: standalone, policies: []}\n"))
        #expect(standalone.nodes[0].bridges[0].effectiveFailMode == .standalone)
    }

    @Test("every problem is located, in both forms")
    func errors() {
        let found = diagnostics(
            single(
                """
                  br0:
                    policies:
                      - PREROUTING -p tcp --dprot 45 -j DNAT --to web:22
                      - "FORWARD -p tcp --dport 99999 -j DROP"
                      - dant: {to: web}
                      - dnat: {proto: tcp, dport: 45}
                      - drop: {proto: tpc}
                      - copy: {to: ids, direction: both}
                      - [not, a, rule]
                """))
        let lines = found.map { "\($0.location.line):\($0.location.column) \($0.message) \($0.hint ?? "")" }
        #expect(lines.count == 7, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("6:27 unknown option '--dprot'") && $0.contains("--dport") })
        #expect(lines.contains { $0.hasPrefix("7:") && $0.contains("99999") })
        #expect(lines.contains { $0.hasPrefix("8:9 unknown policy action `dant`") && $0.contains("dnat") })
        #expect(lines.contains { $0.hasPrefix("9:") && $0.contains("dnat needs `to`") })
        #expect(lines.contains { $0.hasPrefix("10:") && $0.contains("unknown protocol `tpc`") && $0.contains("tcp") })
        #expect(lines.contains { $0.hasPrefix("11:") && $0.contains("unknown direction `both`") })
        #expect(lines.contains { $0.hasPrefix("12:") && $0.contains("found a sequence") })
        #expect(found.allSatisfy { $0.path.hasPrefix("bridges.br0.policies[") })
    }
}

extension PolicySectionTests {
    @Test("${plugin.NAME.ip} and .mac resolve in rules; an unknown plugin is located")
    func pluginVariables() throws {
        let topology = try loaded(
            single(
                """
                  br0:
                    ports: {p1: {}}
                    plugins: {ids: {port: p1, ip: 10.0.0.4/24, mac: "02:00:00:00:00:04"}}
                    policies:
                      - PREROUTING -d ${plugin.ids.ip} -j DROP
                      - drop: {src: "${plugin.ids.ip}"}
                """))
        let rules = try #require(topology.nodes[0].bridges[0].policies)
        #expect(rules[0].match.destination?.description == "10.0.0.4")
        #expect(rules[1].match.source?.description == "10.0.0.4")
        let found = diagnostics(single("  br0:\n    policies:\n      - FORWARD -d ${plugin.idz.ip} -j DROP\n"))
        #expect(found.count == 1 && found[0].location.line == 6 && found[0].message.contains("unknown plugin `idz`"))
    }
}
