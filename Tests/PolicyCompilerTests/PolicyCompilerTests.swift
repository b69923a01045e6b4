import OpenFlow
import PolicyCompiler
import Testing
import Topology

/// A bridge like Topologies/plugin-edge.yaml: an uplink (1), a client-side port (2) and two plugins.
func edgePolicy(_ rules: [String], stateless: Bool = false) throws -> BridgePolicy {
    let plugins = [
        PolicyPlugin(
            name: "ssh", port: "plug1", address: try #require(IPv4Address("10.0.0.3")),
            mac: MACAddress("02:00:00:00:00:03")),
        PolicyPlugin(
            name: "ids", port: "plug2", address: try #require(IPv4Address("10.0.0.4")),
            mac: MACAddress("02:00:00:00:00:04")),
    ]
    let parsed = try rules.enumerated().map { index, text in
        try FirewallRuleParser(origin: SourceLocation(file: "t.yaml", line: index + 1, column: 5)).parse(text)
    }
    return BridgePolicy(
        bridge: "br0", plugins: plugins, rules: parsed,
        portNumbers: ["uplink": 1, "client": 2, "plug1": 3, "plug2": 4],
        portAddresses: ["uplink": try #require(IPv4Address("203.0.113.1"))])
}

func flows(_ compiled: CompiledPolicy, table: PipelineTable) -> [FlowMod] {
    compiled.flows.map(\.flow).filter { $0.tableID == table.id }
}

@Suite("Policy compiler")
struct PolicyCompilerTests {
    let compiler = PolicyCompiler()

    @Test("no rules: only the pipeline, every table passing on and the last forwarding NORMAL")
    func empty() throws {
        let compiled = try compiler.compile(edgePolicy([]))
        #expect(compiled.groups.isEmpty)
        #expect(compiled.flows.allSatisfy { $0.origin == nil })
        #expect(Set(compiled.flows.map(\.flow.tableID)) == Set(Pipeline.tables.map(\.id)))
        let last = try #require(compiled.flows.first { $0.flow.tableID == Pipeline.tables.last?.id })
        guard case .applyActions(let actions) = last.flow.instructions.first, case .output(.normal, _) = actions.first
        else {
            Issue.record("the last table must forward NORMAL: \(last.flow.instructions)")
            return
        }
    }

    @Test("drop http (the OpenFlow tutorial's lab): tcp,tp_dst=80 has no instructions, everything else falls through")
    func dropHTTP() throws {
        let compiled = try compiler.compile(edgePolicy(["FORWARD -p tcp --dport 80 -j DROP"]))
        let classify = flows(compiled, table: Pipeline.classify)
        let drop = try #require(classify.first { $0.priority == 60_000 })
        #expect(drop.match.fields == [OXMField(.ethType, 0x0800), OXMField(.ipProto, 6), OXMField(.tcpDst, 80)])
        #expect(drop.instructions.isEmpty)
        #expect(SwitchboardCookie.rule(of: drop.cookie) == 0)
        #expect(classify.contains { $0.priority == 0 && $0.match.isEmpty && $0.instructions == [.gotoTable(1)] })
        let forward = flows(compiled, table: Pipeline.forward)
        #expect(forward.map(\.instructions) == [[.applyActions([.output(port: .normal)])]])
        #expect(compiled.flows.allSatisfy { SwitchboardCookie.isOurs($0.flow.cookie) })
    }

    @Test("a port range becomes the fewest masked matches that cover exactly that range")
    func portRange() throws {
        let compiled = try compiler.compile(edgePolicy(["FORWARD -p udp --dport 1000:1999 -j DROP"]))
        let drops = flows(compiled, table: Pipeline.classify).filter { $0.priority == 60_000 }
        var covered = Set<UInt16>()
        for flow in drops {
            let field = try #require(flow.match[.udpDst])
            let value = UInt16(field.value.integer)
            let mask = field.mask.map { UInt16($0.integer) } ?? 0xFFFF
            for port in 0...UInt16.max where port & mask == value { covered.insert(port) }
        }
        #expect(covered == Set(1000...1999))
        #expect(drops.count == 7)  // 1000/8, 1008/16, 1024/512, 1536/256, 1792/128, 1920/64, 1984/16
    }

    @Test("stateful DNAT: conntrack with nat in table 2, commit with nat(dst) and the plugin's MAC in table 3")
    func statefulDNAT() throws {
        let compiled = try compiler.compile(
            edgePolicy(["PREROUTING -i uplink -p tcp -d 10.0.0.100 --dport 45 -j DNAT --to 10.0.0.3:22"]))
        let entry = try #require(flows(compiled, table: Pipeline.conntrack).first { $0.priority == 60_000 })
        #expect(entry.match[.inPort]?.value.integer == 1)
        #expect(entry.match[.ipv4Dst]?.value.integer == 0x0A00_0064)
        guard case .applyActions(let actions) = entry.instructions.first, case .nicira(.ct(let ct)) = actions.first
        else {
            Issue.record("expected ct(table=3,zone=1,nat): \(entry.instructions)")
            return
        }
        #expect(ct.recirculateTable == 3 && ct.zone == .immediate(1) && ct.flags.isEmpty)

        let commit = try #require(flows(compiled, table: Pipeline.nat).first { $0.priority == 60_000 })
        #expect(commit.match[.ctState]?.value.integer == 0x21)
        guard case .applyActions(let commitActions) = commit.instructions.first,
            case .nicira(.ct(let committing)) = commitActions.first,
            case .nicira(.nat(let nat)) = committing.actions.first
        else {
            Issue.record("expected ct(commit,nat(dst=…)): \(commit.instructions)")
            return
        }
        #expect(committing.flags == .commit && nat.flags == .dst)
        #expect(nat.ipv4Min == 0x0A00_0003 && nat.portMin == 22)
        #expect(commitActions.last == .setField(OXMField(.ethDst, 0x0200_0000_0003)))
        #expect(commit.instructions.last == .gotoTable(4))

        // Replies from the plugin go through conntrack; established traffic reaches the plugin's MAC.
        #expect(flows(compiled, table: Pipeline.conntrack).contains { $0.match[.inPort]?.value.integer == 3 })
        #expect(flows(compiled, table: Pipeline.nat).contains { $0.priority == 20_000 && $0.match[.ctState] != nil })
        // ARP for the virtual address is answered.
        let arp = try #require(flows(compiled, table: Pipeline.classify).first { $0.priority == 65_000 })
        #expect(arp.match[.arpTPA]?.value.integer == 0x0A00_0064)
    }

    @Test("stateless DNAT rewrites both ways without conntrack")
    func statelessDNAT() throws {
        let compiled = try compiler.compile(
            edgePolicy(["PREROUTING -p tcp -d 10.0.0.100 --dport 45 -j DNAT --to ssh:22 --stateless"]))
        let rewrites = flows(compiled, table: Pipeline.conntrack).filter { $0.priority == 60_000 }
        #expect(rewrites.count == 2)
        #expect(!compiled.flows.contains { $0.flow.instructions.description.contains("ct(") })
        let back = try #require(rewrites.first { $0.match[.inPort] != nil })
        #expect(back.match[.tcpSrc]?.value.integer == 22)
        #expect(
            back.instructions.first
                == .applyActions([
                    .setField(OXMField(.ipv4Src, 0x0A00_0064)), .setField(OXMField(.tcpSrc, 45)),
                    .setField(OXMField(.ethSrc, 0x025B_0A00_0064)),
                ]))
    }

    @Test("several DNAT targets: a select group, one bucket per plugin")
    func loadBalanced() throws {
        let compiled = try compiler.compile(
            edgePolicy(["PREROUTING -p tcp -d 10.0.0.100 --dport 80 -j DNAT --to ssh:8080 --to ids:8080"]))
        let group = try #require(compiled.groups.first?.group)
        #expect(group.type == .select && group.buckets.count == 2)
        #expect(SwitchboardGroupID.contains(group.groupID))
    }

    @Test("COPY: a group of type all, to the plugin and on through the pipeline; both directions")
    func copy() throws {
        let compiled = try compiler.compile(
            edgePolicy(["PREROUTING -p tcp -d 10.0.0.9 --dport 80 -j COPY --to ids --bidirectional"]))
        let group = try #require(compiled.groups.first?.group)
        #expect(group.type == .all)
        #expect(
            group.buckets.map(\.actions) == [[.output(port: 4)], [.nicira(.resubmitTable(inPort: 0xFFF8, table: 2))]])
        let copies = flows(compiled, table: Pipeline.copy).filter { $0.priority == 60_000 }
        #expect(copies.count == 2)
        #expect(copies.contains { $0.match[.ipv4Dst] != nil && $0.match[.tcpDst] != nil })
        #expect(copies.contains { $0.match[.ipv4Src] != nil && $0.match[.tcpSrc] != nil })
    }

    @Test("SNAT and MASQUERADE from a plugin commit nat(src=…) and answer ARP for the new address")
    func snat() throws {
        let compiled = try compiler.compile(
            edgePolicy([
                "POSTROUTING -o uplink -s 10.0.0.3 -j SNAT --to 203.0.113.7",
                "POSTROUTING -o uplink -s 10.0.0.4 -j MASQUERADE",
            ]))
        let commits = flows(compiled, table: Pipeline.nat).filter { $0.priority >= 29_999 }
        #expect(commits.count == 2)
        #expect(commits.allSatisfy { $0.match[.inPort] != nil })
        // 203.0.113.1 is the uplink's own address: no ARP answer for it; 203.0.113.7 is virtual.
        let arp = flows(compiled, table: Pipeline.classify).filter { $0.priority == 65_000 }
        #expect(arp.map { $0.match[.arpTPA]?.value.integer } == [0xCB00_7107])
    }

    @Test("the same input compiles to the same output (A→B→A restores A)")
    func deterministic() throws {
        let a = ["FORWARD -p tcp --dport 80 -j DROP", "PREROUTING -p tcp -d 10.0.0.100 --dport 45 -j DNAT --to ssh:22"]
        let b = ["PREROUTING -j COPY --to ids"]
        let first = try compiler.compile(edgePolicy(a))
        _ = try compiler.compile(edgePolicy(b))
        #expect(try compiler.compile(edgePolicy(a)) == first)
    }

    @Test(
        "rules that cannot compile are errors naming the rule's line",
        arguments: [
            (["PREROUTING -p tcp --dport 45 -j DNAT --to web:22"], "unknown plugin 'web'"),
            (["PREROUTING -p tcp --dport 45 -j DNAT --to shh:22"], "unknown plugin 'shh'"),
            (["PREROUTING --dport 45 -j DNAT --to ssh:22"], "DNAT to a port needs -p tcp, udp or sctp"),
            (["FORWARD --dport 45 -j DROP"], "a port match needs -p tcp, udp or sctp"),
            (["PREROUTING -d 10.0.0.100 -j DNAT --to ssh:22"], "DNAT to a port needs -p tcp, udp or sctp"),
            (["PREROUTING -j COPY --to ids --from eth8"], "port 'eth8' is not on bridge br0"),
            (["PREROUTING -i eth9 -j COPY --to ids"], "port 'eth9' is not on bridge br0"),
            (["FORWARD -j DNAT --to ssh"], "DNAT belongs in PREROUTING"),
            (["PREROUTING -p tcp -j DNAT --to ssh:22 --stateless"], "stateless DNAT needs -d ADDRESS"),
            (["POSTROUTING -s 10.0.0.0/24 -j SNAT --to 1.2.3.4"], "SNAT needs -s with a plugin's address"),
            (["POSTROUTING -s 10.0.0.3 -j MASQUERADE"], "MASQUERADE needs -o PORT"),
            (["POSTROUTING -o client -s 10.0.0.3 -j MASQUERADE"], "MASQUERADE: port 'client' has no address"),
            (["FORWARD -o uplink -j DROP"], "-o is only meaningful"),
            (["FORWARD -p tcp -j DROP", "FORWARD -p tcp --dport 22 -j ACCEPT"], "rule never matches"),
            (
                [
                    "PREROUTING -p tcp -d 10.0.0.100 --dport 45 -j DNAT --to ssh:22",
                    "PREROUTING -p tcp -d 10.0.0.101 --dport 45 -j DNAT --to 10.0.0.3:22 --stateless",
                ],
                "a stateless and a stateful DNAT (the rule at t.yaml:1:5) send to the same plugin address and port"
            ),
        ] as [([String], String)])
    func errors(rules: [String], message: String) {
        #expect {
            _ = try compiler.compile(edgePolicy(rules))
        } throws: { error in
            guard let error = error as? PolicyCompilationError else { return false }
            let hit = error.diagnostics.first { $0.message.contains(message) }
            #expect(hit != nil, "\(error)")
            #expect(hit?.location?.file == "t.yaml")
            return hit != nil
        }
    }

    @Test("a rule another rule already covers with the same action is only a warning")
    func shadowWarning() throws {
        let compiled = try compiler.compile(
            edgePolicy(["FORWARD -p tcp -j DROP", "FORWARD -p tcp -d 10.0.0.0/24 --dport 22 -j DROP"]))
        #expect(compiled.warnings.count == 1)
        #expect(compiled.warnings.first?.location?.line == 2)
    }

    @Test("suggestions for misspelt plugins")
    func suggestion() {
        #expect {
            _ = try compiler.compile(edgePolicy(["PREROUTING -p tcp --dport 45 -j DNAT --to shh:22"]))
        } throws: { error in
            (error as? PolicyCompilationError)?.diagnostics.first?.hint == "did you mean ssh?"
        }
    }
}
