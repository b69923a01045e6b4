import NIOCore
import OpenFlow
import Testing

@testable import OpenFlowText

/// Group stats/features, asynchronous messages and packet-out syntax. The expected strings are
/// what ovs-ofctl 3.1 printed for the same messages on a sandbox bridge.
@Suite("Group stats, monitor messages and packet-out syntax")
struct MonitorFormatTests {
    @Test("group stats: duration, counters and one entry per bucket, as ovs-ofctl prints them")
    func groupStats() {
        let g = GroupStats(
            groupID: 1, refCount: 2, packetCount: 3, byteCount: 180, durationSec: 0, durationNSec: 147_000_000,
            buckets: [.init(packetCount: 1, byteCount: 60), .init(packetCount: 2, byteCount: 120)])
        #expect(
            GroupStatsFormatter.stats(g)
                == " group_id=1,duration=0.147s,ref_count=2,packet_count=3,byte_count=180,bucket0:packet_count=1,byte_count=60,bucket1:packet_count=2,byte_count=120"
        )
        // Counters the switch does not keep (all ones) are left out, as OVS leaves them out.
        var unknown = g
        unknown.durationSec = .max
        unknown.buckets = [.init(packetCount: .max, byteCount: .max)]
        #expect(GroupStatsFormatter.stats(unknown) == " group_id=1,ref_count=2,packet_count=3,byte_count=180")
    }

    @Test("group features: OVS 3.1's reply prints exactly as ovs-ofctl prints it")
    func groupFeatures() {
        // OVS's bitmap for every group type: output, copy/dec ttl family, vlan, mpls, queue, group, set_field.
        let actions: UInt32 =
            1 << 0 | 1 << 15 | 1 << 16 | 1 << 17 | 1 << 18 | 1 << 19 | 1 << 20 | 1 << 21 | 1 << 22
            | 1 << 23 | 1 << 24 | 1 << 25
        let f = GroupFeatures(
            types: 0xf, capabilities: .init(rawValue: 7), maxGroups: Array(repeating: 0xffff_ff00, count: 4),
            actions: Array(repeating: actions, count: 4))
        let list =
            "output group set_field strip_vlan push_vlan mod_nw_ttl dec_ttl set_mpls_ttl dec_mpls_ttl push_mpls pop_mpls set_queue"
        var want = [" Group table:", "    Types:  0xf", "    Capabilities:  0x7"]
        for type in ["all", "select", "indirect", "fast failover"] {
            want += ["    \(type) group:", "       max_groups=0xffffff00", "       actions: " + list]
        }
        #expect(GroupStatsFormatter.features(f) == want)
        let none = GroupFeatures(types: 1, capabilities: [], maxGroups: [0, 0, 0, 0], actions: [0, 0, 0, 0])
        #expect(GroupStatsFormatter.features(none).suffix(2) == ["       max_groups=0", "       actions: <none>"])
    }

    @Test("flow removed and port status print as ovs-ofctl monitor prints them")
    func asyncMessages() throws {
        let flow = try FlowParser.parse("priority=5,ip,nw_src=10.1.2.3,actions=drop")
        let removed = FlowRemoved(
            priority: 5, reason: .hardTimeout, tableID: 0, durationSec: 1, durationNSec: 472_000_000, idleTimeout: 0,
            hardTimeout: 1, match: flow.match)
        #expect(
            MessageFormatter.format(OFMessage(xid: 0, .flowRemoved(removed)))
                == "OFPT_FLOW_REMOVED (OF1.4) (xid=0x0): priority=5,ip,nw_src=10.1.2.3 reason=hard table_id=0 duration1.472s idle0 hard1 pkts0 bytes0"
        )
        var cookie = removed
        cookie.cookie = 0x2a
        cookie.hardTimeout = 0
        cookie.reason = .delete
        #expect(
            MessageFormatter.format(OFMessage(xid: 0, .flowRemoved(cookie))).hasSuffix(
                " reason=delete table_id=0 cookie:0x2a duration1.472s idle0 pkts0 bytes0"))

        let port = PortDescription(
            portNumber: 3, hardwareAddress: EthernetAddress(0xaa55_aa55_0006), name: "p3", config: .portDown,
            state: .linkDown)
        #expect(
            MessageFormatter.format(OFMessage(xid: 0, .portStatus(PortStatus(reason: .modify, port: port))))
                == """
                OFPT_PORT_STATUS (OF1.4) (xid=0x0): MOD: 3(p3): addr:aa:55:aa:55:00:06
                     config:     PORT_DOWN
                     state:      LINK_DOWN
                     speed: 0 Mbps now, 0 Mbps max
                """)
        let role = RoleStatus(role: .slave, reason: .masterRequest, generationID: 7)
        #expect(
            MessageFormatter.format(OFMessage(xid: 0, .roleStatus(role)))
                == "OFPT_ROLE_STATUS (OF1.4) (xid=0x0): role=secondary generation_id=7 reason=primary_request")
    }

    @Test("packet-out: both of ovs-ofctl's forms, and errors that say what is wrong")
    func packetOut() throws {
        let frame = "ffffffffffff" + "505400000001" + "0806" + String(repeating: "00", count: 28)
        let po = try PacketOutSyntax.parse("in_port=LOCAL,packet=\(frame),actions=output:2,normal")
        #expect(po.inPort == .local)
        #expect(po.actions == [.output(port: 2, maxLength: 0), .output(port: .normal, maxLength: 0)])
        #expect(po.data.readableBytes == 42)
        let old = try PacketOutSyntax.parse(inPort: "1", actions: "output:3", packets: [frame, frame])
        #expect(old.count == 2 && old[0].inPort == 1 && old[1].actions == [.output(port: 3, maxLength: 0)])
        let none = try PacketOutSyntax.parse("packet=\(frame),actions=drop")
        #expect(none.inPort == .any && none.actions.isEmpty)

        #expect(throws: SyntaxError.self) { try PacketOutSyntax.parse("in_port=1,packet=\(frame)") }
        let short = #expect(throws: SyntaxError.self) { try PacketOutSyntax.parse("packet=0102,actions=drop") }
        #expect(short?.message.contains("too short for Ethernet") == true)
        let odd = #expect(throws: SyntaxError.self) { try PacketOutSyntax.parse("packet=\(frame)0,actions=drop") }
        #expect(odd?.message.contains("odd number") == true)
        let garbage = #expect(throws: SyntaxError.self) { try PacketOutSyntax.parse("packet=\(frame)zz,actions=drop") }
        #expect(garbage?.column == 8 + frame.count)
        let port = #expect(throws: SyntaxError.self) {
            try PacketOutSyntax.parse("in_port=p9,packet=\(frame),actions=drop")
        }
        #expect(port?.message.contains("unknown port 'p9'") == true)
        let goto = #expect(throws: SyntaxError.self) {
            try PacketOutSyntax.parse("packet=\(frame),actions=goto_table:1")
        }
        #expect(goto?.message.contains("actions only") == true)
        let field = #expect(throws: SyntaxError.self) { try PacketOutSyntax.parse("tcp,packet=\(frame),actions=drop") }
        #expect(field?.token == "tcp")
    }

    @Test("field lists fold as ovs-ofctl folds them: shared prefixes in braces, counted runs")
    func folding() {
        #expect(NameFolding.fold(["eth_src", "eth_dst", "eth_type"]) == "eth_{src,dst,type}")
        #expect(NameFolding.fold((0...15).map { "reg\($0)" }) == "reg0...reg15")
        // A run of two is not folded; nested prefixes nest braces.
        #expect(NameFolding.fold(["xreg0", "xreg1", "pkt_mark"]) == "xreg0 xreg1 pkt_mark")
        #expect(
            NameFolding.fold(["tun_id", "tun_ipv6_src", "tun_ipv6_dst", "tun_flags", "metadata"])
                == "tun_{id,ipv6_{src,dst},flags} metadata")
        #expect(NameFolding.fold(["in_port", "in_port_oxm", "ip_dscp"]) == "in_{port,port_oxm} ip_dscp")
        #expect(NameFolding.fold([]) == "")
    }
}
