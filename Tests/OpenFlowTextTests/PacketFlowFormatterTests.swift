import Testing

@testable import OpenFlowText

/// Packets' headers as ovs-ofctl 3.1 prints them after a packet-out (`ovs-ofctl ofp-print` of a
/// packet-out carrying each frame; the expected lines are its output).
@Suite("A packet's headers print as ovs-ofctl prints them")
struct PacketFlowFormatterTests {
    static let cases: [(String, String, String)] = [
        (
            "vlan_tcp",
            "5054000000025054000000018100600508004500002800010000400600000a0000010a00000204d200500000000100000000501203e8beef0000",
            "tcp,dl_vlan=5,dl_vlan_pcp=3,vlan_tci1=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,tp_src=1234,tp_dst=80,tcp_flags=syn|ack tcp_csum:beef"
        ),
        (
            "qinq",
            "50540000000250540000000188a80064810000c808004500002800010000400600000a0000010a00000204d200500000000100000000501203e8beef0000",
            "tcp,dl_vlan=100,dl_vlan_pcp=0,dl_vlan1=200,dl_vlan_pcp1=0,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,tp_src=1234,tp_dst=80,tcp_flags=syn|ack tcp_csum:beef"
        ),
        (
            "frag_later", "50540000000250540000000108004500001c00010010401100000a0000010a000002003514e90008abcd",
            "udp,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=later udp_csum:abcd"
        ),
        (
            "ipv6_ns",
            "50540000000250540000000186dd62e1234500203a40fe800000000000000000000000000001fe8000000000000000000000000000028700111100000000fe8000000000000000000000000000090101505400000001",
            "icmp6,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,ipv6_src=fe80::1,ipv6_dst=fe80::2,ipv6_label=0x12345,nw_tos=44,nw_ecn=2,nw_ttl=64,nw_frag=no,icmp_type=135,icmp_code=0,nd_target=fe80::9,nd_sll=50:54:00:00:00:01,nd_tll=00:00:00:00:00:00 icmp6_csum:1111"
        ),
        (
            "llc",
            "505400000002505400000001002842420300000000000000000000000000000000000000000000000000000000000000000000000000",
            "vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,dl_type=0x05ff"
        ),
        (
            "mpls",
            "5054000000025054000000018847000647404500002800010000400600000a0000010a00000204d200500000000100000000501203e8beef0000",
            "mpls,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,mpls_label=100,mpls_tc=3,mpls_ttl=64,mpls_bos=1"
        ),
        (
            "short_ip", "50540000000250540000000108004500",
            "ip,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,nw_src=0.0.0.0,nw_dst=0.0.0.0,nw_proto=0,nw_tos=0,nw_ecn=0,nw_ttl=0,nw_frag=no"
        ),
        (
            "arp_reply", "505400000002505400000001080600010800060400025054000000010a0000015054000000020a000002",
            "arp,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,arp_spa=10.0.0.1,arp_tpa=10.0.0.2,arp_op=2,arp_sha=50:54:00:00:00:01,arp_tha=50:54:00:00:00:02"
        ),
    ]

    @Test("each frame prints as ovs-ofctl printed it", arguments: cases.map(\.0))
    func frame(_ name: String) throws {
        let (_, hex, want) = try #require(Self.cases.first { $0.0 == name })
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            bytes.append(try #require(UInt8(hex[i..<j], radix: 16)))
            i = j
        }
        #expect(PacketFlowFormatter.format(bytes) == want)
    }
}
