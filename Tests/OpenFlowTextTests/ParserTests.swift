import OpenFlow
import Testing

@testable import OpenFlowText

@Suite("Flow syntax parser")
struct ParserTests {
    @Test("abbreviations, legacy names and CIDR build the OXM match OVS sends")
    func tcpFlow() throws {
        let mod = try FlowParser.parse("table=1,priority=200,tcp,nw_src=10.0.0.0/8,tp_dst=80,actions=output:2")
        #expect(mod.tableID == 1)
        #expect(mod.priority == 200)
        #expect(
            mod.match
                == Match([
                    OXMField(.ethType, 0x0800), OXMField(.ipv4Src, 0x0a00_0000, mask: 0xff00_0000),
                    OXMField(.ipProto, 6), OXMField(.tcpDst, 80),
                ]))
        #expect(mod.instructions == [.applyActions([.output(port: 2, maxLength: 0)])])
    }

    @Test("flow keywords: cookie, timeouts, importance, flags")
    func keywords() throws {
        let mod = try FlowParser.parse(
            "cookie=0x1f,idle_timeout=30,hard_timeout=60,importance=5,send_flow_rem,check_overlap,reset_counts,actions=drop"
        )
        #expect(mod.cookie == 0x1f)
        #expect(mod.idleTimeout == 30 && mod.hardTimeout == 60 && mod.importance == 5)
        #expect(mod.flags == [.sendFlowRemoved, .checkOverlap, .resetCounts])
        #expect(mod.instructions.isEmpty)
        #expect(mod.priority == 0x8000)
    }

    @Test("cookie masks are for modify and delete only")
    func cookieMask() throws {
        #expect(throws: SyntaxError.self) { try FlowParser.parse("cookie=0x5/0xff,actions=drop") }
        let del = try FlowParser.parse("cookie=0x5/0xff", command: .delete)
        #expect(del.cookie == 5 && del.cookieMask == 0xff && del.tableID == TableID.all)
    }

    @Test("tp_src and nw_src mean the protocol's fields; without the protocol they are dropped like OVS does")
    func protocolDependent() throws {
        let udp = try FlowParser.parse("udp,tp_src=53,actions=drop")
        #expect(udp.match[.udpSrc]?.value.integer == 53)
        let arp = try FlowParser.parse("arp,nw_src=10.0.0.1,actions=drop")
        #expect(arp.match[.arpSPA]?.value.integer == 0x0a00_0001)
        let bare = try FlowParser.parse("tp_dst=80,actions=drop")
        #expect(bare.match.isEmpty)
    }

    @Test("ct_state flags, conntrack and NAT actions")
    func conntrack() throws {
        let mod = try FlowParser.parse("ct_state=+trk+new,tcp,actions=ct(commit,zone=5,table=2,nat(dst=10.0.0.5:8080))")
        #expect(mod.match[.ctState]?.value.integer == 0x21)
        #expect(mod.match[.ctState]?.mask?.integer == 0x21)
        let nat = NiciraAction.NAT(flags: [.dst], ipv4Min: 0x0a00_0005, portMin: 8080)
        let ct = NiciraAction.Conntrack(
            flags: [.commit], zone: .immediate(5), recirculateTable: 2, actions: [.nicira(.nat(nat))])
        #expect(mod.instructions == [.applyActions([.nicira(.ct(ct))])])
    }

    @Test("instructions: meter, clear, write_actions, write_metadata, goto_table in OpenFlow order")
    func instructions() throws {
        let mod = try FlowParser.parse(
            "actions=meter:2,output:1,clear_actions,write_actions(output:3),write_metadata:0x5/0xff,goto_table:4")
        #expect(
            mod.instructions == [
                .meter(2), .applyActions([.output(port: 1, maxLength: 0)]), .clearActions,
                .writeActions([.output(port: 3, maxLength: 0)]), .writeMetadata(5, mask: 0xff), .gotoTable(4),
            ])
        #expect(throws: SyntaxError.self) { try FlowParser.parse("actions=goto_table:1,output:2") }
    }

    @Test("load, move, set_field and their NX encodings")
    func registers() throws {
        let mod = try FlowParser.parse(
            "actions=load:0x5->NXM_NX_REG0[0..3],move:reg0[0..7]->reg1[8..15],set_field:7->reg2")
        guard case .applyActions(let actions) = mod.instructions.first else {
            Issue.record("no apply actions")
            return
        }
        #expect(actions.count == 3)
        #expect(actions[0] == .nicira(.regLoad(.init(offset: 0, nBits: 4, dst: OXMHeader(.reg(0)), value: 5))))
        #expect(
            actions[1]
                == .nicira(
                    .regMove(
                        .init(nBits: 8, srcOffset: 0, dstOffset: 8, src: OXMHeader(.reg(0)), dst: OXMHeader(.reg(1))))))
        #expect(actions[2] == .setField(OXMField(.reg(2), 7)))
    }

    @Test("mod_vlan_vid pushes a tag only when the packet has none")
    func vlan() throws {
        let untagged = try FlowParser.parse("actions=mod_vlan_vid:20")
        #expect(
            untagged.instructions == [
                .applyActions([.pushVLAN(ethertype: 0x8100), .setField(OXMField(.vlanVID, 0x1014))])
            ])
        let tagged = try FlowParser.parse("dl_vlan=10,actions=mod_vlan_vid:20")
        #expect(tagged.instructions == [.applyActions([.setField(OXMField(.vlanVID, 0x1014))])])
    }

    @Test("groups: types, weights, watch ports, actions")
    func groups() throws {
        let g = try GroupSyntax.parse(
            "group_id=1,type=select,bucket=weight:10,output:1,bucket=weight:20,actions=output:2")
        #expect(g.groupID == 1 && g.type == .select)
        #expect(g.buckets.map(\.weight) == [10, 20])
        #expect(g.buckets[1].actions == [.output(port: 2, maxLength: 0)])
        let ff = try GroupSyntax.parse("group_id=3,type=ff,bucket=watch_port:1,output:1")
        #expect(ff.buckets[0].watchPort == 1)
        let del = try GroupSyntax.parse("", command: .delete)
        #expect(del.groupID == GroupID.all)
    }
}
