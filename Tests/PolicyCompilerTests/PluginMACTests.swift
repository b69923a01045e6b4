import OpenFlow
import PolicyCompiler
import Testing
import Topology

/// Plugins without `mac:` in the file: rules that rewrite toward them are held until the MAC is
/// learned, and the pipeline passes their answers to the controller's ARP probes up.
@Suite("Policy compiler: plugin MACs learned rather than declared")
struct PluginMACTests {
    let compiler = PolicyCompiler()
    static let sshAddress = IPv4Address(0x0A00_0003)
    static let learned = MACAddress(0x0200_0000_0033)

    /// `edgePolicy` with plugin ssh (port 3) learning its MAC: unknown, or `learned`.
    func policy(_ rules: [String], mac: MACAddress? = nil) throws -> BridgePolicy {
        var policy = try edgePolicy(rules)
        policy.plugins[0].mac = mac
        policy.plugins[0].learnsMAC = true
        policy.plugins[0].location = SourceLocation(file: "t.yaml", line: 9, column: 7)
        return policy
    }

    func ruleFlows(_ compiled: CompiledPolicy) -> [FlowMod] {
        compiled.flows.map(\.flow).filter { SwitchboardCookie.rule(of: $0.cookie) != nil }
    }

    @Test(
        "a stateful DNAT to a plugin with an unknown MAC drops its traffic in its own place; nothing reaches the nat table"
    )
    func heldStatefulDNAT() throws {
        let compiled = try compiler.compile(
            policy(["PREROUTING -i uplink -p tcp -d 203.0.113.10 --dport 45 -j DNAT --to ssh:22"]))
        #expect(compiled.awaitingMAC.map(\.plugin.name) == ["ssh"])
        #expect(compiled.awaitingMAC.first?.rules == [SourceLocation(file: "t.yaml", line: 1, column: 5)])
        let held = ruleFlows(compiled)
        #expect(held.count == 1)
        #expect(held.first?.tableID == Pipeline.conntrack.id && held.first?.priority == 60_000)
        #expect(held.first?.instructions == [])
        #expect(flows(compiled, table: Pipeline.nat).allSatisfy { $0.priority < 60_000 - 100 })
        // The VIP is still answered: the switch owns it whatever the plugin's MAC.
        #expect(flows(compiled, table: Pipeline.classify).contains { $0.priority == 65_000 })
    }

    @Test("the learning flow: the plugin's ARP reply to the probe MAC, in on its port, goes to the controller only")
    func learningFlow() throws {
        for mac in [nil, Self.learned] {
            let compiled = try compiler.compile(
                policy(["PREROUTING -p tcp -d 203.0.113.10 -j DNAT --to ssh"], mac: mac))
            let learning = flows(compiled, table: Pipeline.classify).filter { $0.priority == 64_000 }
            #expect(learning.count == 1)
            #expect(
                Set(learning.first?.match.fields ?? []) == [
                    OXMField(.inPort, 3), OXMField(.ethDst, UInt128(ARPProbe.sourceMAC.value)),
                    OXMField(.ethType, 0x0806), OXMField(.arpOp, 2), OXMField(.arpSPA, UInt128(Self.sshAddress.value)),
                ])
            #expect(learning.first?.instructions == [.applyActions([.output(port: .controller, maxLength: 0xFFFF)])])
            #expect(compiled.macLearners.map(\.name) == ["ssh"])
        }
    }

    @Test("no learning flow for a declared MAC, nor for a plugin no rule needs a MAC of")
    func noLearningFlow() throws {
        let declared = try compiler.compile(edgePolicy(["PREROUTING -p tcp -d 203.0.113.10 -j DNAT --to ssh"]))
        #expect(!declared.flows.contains { $0.flow.priority == 64_000 })
        let copyOnly = try compiler.compile(policy(["PREROUTING -p icmp -j COPY --to ssh"]))
        #expect(!copyOnly.flows.contains { $0.flow.priority == 64_000 })
        #expect(copyOnly.awaitingMAC.isEmpty && copyOnly.macLearners.isEmpty)
    }

    @Test(
        "once learned, the rule's flows are the declared MAC's, at the held flows' keys (modified in place)",
        arguments: [
            "PREROUTING -i uplink -p tcp -d 203.0.113.10 --dport 45 -j DNAT --to ssh:22",
            "PREROUTING -p tcp -d 203.0.113.11 --dport 45 -j DNAT --to ssh:2222 --stateless",
            "POSTROUTING -o uplink -s 10.0.0.3 -j SNAT --to 203.0.113.12",
            "PREROUTING -i uplink -p icmp -j COPY --to ssh --rewrite-mac",
        ])
    func learnedEqualsDeclared(rule: String) throws {
        let held = try compiler.compile(policy([rule]))
        let learned = try compiler.compile(policy([rule], mac: Self.learned))
        var declaredPolicy = try edgePolicy([rule])
        declaredPolicy.plugins[0].mac = Self.learned
        let declared = try compiler.compile(declaredPolicy)
        #expect(held.awaitingMAC.map(\.plugin.name) == ["ssh"])
        #expect(learned.awaitingMAC.isEmpty)
        #expect(learned.flows.filter { $0.flow.priority != 64_000 } == declared.flows)
        #expect(learned.groups == declared.groups)
        // Every held flow's key is one of the rule's real flows: learning changes them in place.
        let keys = Set(ruleFlows(learned).map { "\($0.tableID)/\($0.priority)/\($0.match)" })
        for flow in ruleFlows(held) { #expect(keys.contains("\(flow.tableID)/\(flow.priority)/\(flow.match)")) }
        #expect(held.groups.isEmpty)
    }

    @Test("held COPY --rewrite-mac passes the original on uncopied; held SNAT and stateless DNAT drop")
    func heldInstructions() throws {
        let copy = try compiler.compile(policy(["PREROUTING -i uplink -p icmp -j COPY --to ssh --rewrite-mac"]))
        #expect(ruleFlows(copy).map(\.instructions) == [[.gotoTable(Pipeline.conntrack.id)]])
        let snat = try compiler.compile(policy(["POSTROUTING -o uplink -s 10.0.0.3 -j SNAT --to 203.0.113.12"]))
        #expect(ruleFlows(snat).count == 1)
        #expect(ruleFlows(snat).allSatisfy { $0.instructions.isEmpty && $0.match[.inPort] != nil })
        let stateless = try compiler.compile(
            policy(["PREROUTING -p tcp -d 203.0.113.11 --dport 45 -j DNAT --to ssh:2222 --stateless"]))
        #expect(ruleFlows(stateless).count == 1)
        #expect(ruleFlows(stateless).allSatisfy { $0.instructions.isEmpty })
    }

    @Test("plan's and apply's error names the plugin where it is declared, the rules, and three ways out")
    func unknownMACDiagnostic() throws {
        let compiled = try compiler.compile(policy(["PREROUTING -p tcp -d 203.0.113.10 -j DNAT --to ssh"]))
        let text = try #require(compiled.awaitingMAC.first).unknownMACDiagnostic.description
        #expect(text.hasPrefix("t.yaml:9:7: error: the MAC of plugin ssh is not known"))
        #expect(text.contains("t.yaml:1:5"))
        #expect(text.contains("add `mac:`") && text.contains("external_ids:attached-mac on interface plug1"))
        #expect(text.contains("serve --topology"))
    }

    @Test("from a file: a plugin without mac: takes the learned one; a declared mac: wins over it")
    func fromFile() throws {
        let text = """
            name: t
            bridges:
              br0:
                ports: {p1: {}, p2: {}, p3: {}}
                plugins:
                  a: {port: p1, ip: 10.0.0.1/24}
                  b: {port: p2, ip: 10.0.0.2/24, mac: "02:00:00:00:00:02"}
                policies:
                  - PREROUTING -p tcp -d 10.0.0.100 -j DNAT --to a
                  - PREROUTING -p tcp -d 10.0.0.101 -j DNAT --to b
            """
        let topology = try TopologyLoader.load(text, file: "t.yaml").get()
        let bridge = try #require(topology.nodes.first?.bridges.first)
        let other = MACAddress(0x0200_0000_00FF)
        let policy = BridgePolicy(
            bridge, portNumbers: ["p1": 1, "p2": 2, "p3": 3], zone: 1,
            learnedMACs: ["a": Self.learned, "b": other])
        #expect(policy.plugins.map(\.mac) == [Self.learned, MACAddress(0x0200_0000_0002)])
        #expect(policy.plugins.map(\.learnsMAC) == [true, false])
        #expect(policy.plugins.first?.location?.line == 6)
        // Checking the file: an unknown MAC is no error (plan, apply or serve learn it).
        #expect(TopologyPolicyCheck.check(topology).isEmpty)
    }
}
