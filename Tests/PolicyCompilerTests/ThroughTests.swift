import OpenFlow
import PolicyCompiler
import Testing
import Topology

/// THROUGH: traffic steered out to a plugin's port and taken back from it as if it had just
/// entered at the rule's `-i` port.
@Suite("Policy compiler: THROUGH a plugin")
struct ThroughTests {
    let compiler = PolicyCompiler()

    @Test("out to the plugin's port; back from it with in_port restored, on to the copy table")
    func steering() throws {
        let compiled = try compiler.compile(edgePolicy(["FORWARD -i uplink -p tcp --dport 80 -j THROUGH --to ids"]))
        let rule = flows(compiled, table: Pipeline.classify).filter { $0.priority == 60_000 }
        #expect(rule.count == 2)
        let tcp80 = [OXMField(.ethType, 0x0800), OXMField(.ipProto, 6), OXMField(.tcpDst, 80)]
        let out = try #require(rule.first { $0.match[.inPort] == OXMField(.inPort, 1) })
        #expect(out.match.fields == [OXMField(.inPort, 1)] + tcp80)
        #expect(out.instructions == [.applyActions([.output(port: PortNumber(rawValue: 4))])])
        let back = try #require(rule.first { $0.match[.inPort] == OXMField(.inPort, 4) })
        #expect(back.match.fields == [OXMField(.inPort, 4)] + tcp80)
        #expect(
            back.instructions == [
                .applyActions([.setField(OXMField(.nxmInPort, 1))]), .gotoTable(Pipeline.copy.id),
            ])
        #expect(rule.allSatisfy { SwitchboardCookie.rule(of: $0.cookie) == 0 })
        #expect(compiled.warnings.isEmpty)
    }

    @Test("a THROUGH rule takes its place in first-match order with DROP and ACCEPT")
    func order() throws {
        let compiled = try compiler.compile(
            edgePolicy([
                "FORWARD -p tcp --dport 22 -j DROP", "FORWARD -i client -p tcp -j THROUGH --to 10.0.0.4",
            ]))
        let classify = flows(compiled, table: Pipeline.classify)
        #expect(classify.filter { $0.priority == 60_000 }.count == 1)
        #expect(classify.filter { $0.priority == 59_999 }.count == 2)
    }

    @Test(
        "rules THROUGH cannot compile are errors naming the rule",
        arguments: [
            ("FORWARD -p tcp --dport 80 -j THROUGH --to ids", "THROUGH needs -i PORT"),
            ("FORWARD -i plug2 -p tcp -j THROUGH --to ids", "would send its traffic back to it"),
            ("FORWARD -i uplink -p tcp -j THROUGH --to idz", "unknown plugin 'idz'"),
            ("FORWARD -i uplink -o client -j THROUGH --to ids", "-o is only meaningful"),
            ("POSTROUTING -i uplink -j THROUGH --to ids", "THROUGH belongs in PREROUTING or FORWARD"),
        ])
    func errors(rule: String, message: String) {
        #expect {
            _ = try compiler.compile(edgePolicy([rule]))
        } throws: { error in
            let hit = (error as? PolicyCompilationError)?.diagnostics.first { $0.message.contains(message) }
            return hit?.location?.file == "t.yaml"
        }
    }

    @Test("THROUGH takes exactly one --to and nothing else")
    func syntax() {
        for text in [
            "FORWARD -i a -j THROUGH", "FORWARD -i a -j THROUGH --to x --to y",
            "FORWARD -i a -j THROUGH --to x --stateless",
        ] {
            #expect(throws: RuleSyntaxError.self, "\(text)") { try FirewallRuleParser().parse(text) }
        }
        #expect(throws: Never.self) { try FirewallRuleParser().parse("FORWARD -i a -j through --to x") }
    }
}
