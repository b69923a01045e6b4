import OpenFlow

/// One field as ovs-ofctl names it (meta-flow's table): the name `set_field` prints, the names
/// it also accepts, the OXM it is sent as in OpenFlow 1.4, the NXM/OXM name `load:` and `move:`
/// print, its width and how its values are written.
public struct TextField: Hashable, Sendable {
    public let name: String
    public let aliases: [String]
    /// Sent in OF1.4 matches and set_field actions.
    public let oxm: OXMFieldID
    /// The header `load:`/`move:` use (NXM when the field has one), and its printed name.
    public let registerHeader: OXMFieldID
    public let registerName: String
    /// Significant bits (`[]` in `load:` means all of them).
    public let bits: Int
    public let bytes: Int
    let format: ValueFormat

    init(
        _ name: String, _ aliases: [String] = [], oxm: OXMFieldID, nxm: (OXMFieldID, String)? = nil,
        oxmName: String? = nil, bits: Int? = nil, bytes: Int, _ format: ValueFormat
    ) {
        self.name = name
        self.aliases = aliases
        self.oxm = oxm
        self.registerHeader = nxm?.0 ?? oxm
        self.registerName = nxm?.1 ?? oxmName ?? name
        self.bytes = bytes
        self.bits = bits ?? bytes * 8
        self.format = format
    }
}

/// The fields ofctl knows by name. Written once; lookups by name and by OXM id derive from it.
public enum FieldTable {
    public static let all: [TextField] = {
        var t: [TextField] = [
            TextField("tun_id", ["tunnel_id"], oxm: .tunnelID, nxm: (.tunID, "NXM_NX_TUN_ID"), bytes: 8, .hexadecimal),
            TextField("tun_src", oxm: .tunSrc, nxm: (.tunSrc, "NXM_NX_TUN_IPV4_SRC"), bytes: 4, .ipv4),
            TextField("tun_dst", oxm: .tunDst, nxm: (.tunDst, "NXM_NX_TUN_IPV4_DST"), bytes: 4, .ipv4),
            TextField(
                "tun_ipv6_src", oxm: .tunIPv6Src, nxm: (.tunIPv6Src, "NXM_NX_TUN_IPV6_SRC"), bytes: 16, .ipv6),
            TextField(
                "tun_ipv6_dst", oxm: .tunIPv6Dst, nxm: (.tunIPv6Dst, "NXM_NX_TUN_IPV6_DST"), bytes: 16, .ipv6),
            TextField("tun_gbp_id", oxm: .tunGBPID, nxm: (.tunGBPID, "NXM_NX_TUN_GBP_ID"), bytes: 2, .decimal),
            TextField(
                "tun_gbp_flags", oxm: .tunGBPFlags, nxm: (.tunGBPFlags, "NXM_NX_TUN_GBP_FLAGS"), bytes: 1,
                .hexadecimal),
            TextField("metadata", oxm: .metadata, oxmName: "OXM_OF_METADATA", bytes: 8, .hexadecimal),
            TextField("in_port_oxm", oxm: .inPort, oxmName: "OXM_OF_IN_PORT", bytes: 4, .port),
            // `set_field:N->in_port` is sent with the 16-bit NXM header, as ovs-ofctl sends it: OVS
            // refuses set_field on the OXM in_port, which OpenFlow forbids.
            TextField("in_port", oxm: .nxmInPort, nxm: (.nxmInPort, "NXM_OF_IN_PORT"), bytes: 2, .port),
            TextField("pkt_mark", oxm: .pktMark, nxm: (.pktMark, "NXM_NX_PKT_MARK"), bytes: 4, .hexadecimal),
            TextField("ct_state", oxm: .ctState, nxm: (.ctState, "NXM_NX_CT_STATE"), bytes: 4, .ctState),
            TextField("ct_zone", oxm: .ctZone, nxm: (.ctZone, "NXM_NX_CT_ZONE"), bytes: 2, .hexadecimal),
            TextField("ct_mark", oxm: .ctMark, nxm: (.ctMark, "NXM_NX_CT_MARK"), bytes: 4, .hexadecimal),
            TextField("ct_label", oxm: .ctLabel, nxm: (.ctLabel, "NXM_NX_CT_LABEL"), bytes: 16, .hexadecimal),
            TextField("ct_nw_proto", oxm: .ctNWProto, nxm: (.ctNWProto, "NXM_NX_CT_NW_PROTO"), bytes: 1, .decimal),
            TextField("ct_nw_src", oxm: .ctNWSrc, nxm: (.ctNWSrc, "NXM_NX_CT_NW_SRC"), bytes: 4, .ipv4),
            TextField("ct_nw_dst", oxm: .ctNWDst, nxm: (.ctNWDst, "NXM_NX_CT_NW_DST"), bytes: 4, .ipv4),
            TextField("ct_ipv6_src", oxm: .ctIPv6Src, nxm: (.ctIPv6Src, "NXM_NX_CT_IPV6_SRC"), bytes: 16, .ipv6),
            TextField("ct_ipv6_dst", oxm: .ctIPv6Dst, nxm: (.ctIPv6Dst, "NXM_NX_CT_IPV6_DST"), bytes: 16, .ipv6),
            TextField("ct_tp_src", oxm: .ctTPSrc, nxm: (.ctTPSrc, "NXM_NX_CT_TP_SRC"), bytes: 2, .decimal),
            TextField("ct_tp_dst", oxm: .ctTPDst, nxm: (.ctTPDst, "NXM_NX_CT_TP_DST"), bytes: 2, .decimal),
            TextField("dp_hash", oxm: .dpHash, nxm: (.dpHash, "NXM_NX_DP_HASH"), bytes: 4, .hexadecimal),
            TextField("recirc_id", oxm: .recircID, nxm: (.recircID, "NXM_NX_RECIRC_ID"), bytes: 4, .decimal),
            TextField("conj_id", oxm: .conjID, nxm: (.conjID, "NXM_NX_CONJ_ID"), bytes: 4, .decimal),
            TextField("eth_src", ["dl_src"], oxm: .ethSrc, nxm: (.nxmEthSrc, "NXM_OF_ETH_SRC"), bytes: 6, .ethernet),
            TextField("eth_dst", ["dl_dst"], oxm: .ethDst, nxm: (.nxmEthDst, "NXM_OF_ETH_DST"), bytes: 6, .ethernet),
            TextField(
                "eth_type", ["dl_type"], oxm: .ethType, nxm: (.nxmEthType, "NXM_OF_ETH_TYPE"), bytes: 2, .hexadecimal),
            TextField("vlan_tci", oxm: .vlanTCI, nxm: (.vlanTCI, "NXM_OF_VLAN_TCI"), bytes: 2, .hexadecimal),
            TextField("vlan_vid", oxm: .vlanVID, oxmName: "OXM_OF_VLAN_VID", bits: 13, bytes: 2, .decimal),
            TextField("vlan_pcp", oxm: .vlanPCP, oxmName: "OXM_OF_VLAN_PCP", bits: 3, bytes: 1, .decimal),
            TextField("mpls_label", oxm: .mplsLabel, oxmName: "OXM_OF_MPLS_LABEL", bits: 20, bytes: 4, .decimal),
            TextField("mpls_tc", oxm: .mplsTC, oxmName: "OXM_OF_MPLS_TC", bits: 3, bytes: 1, .decimal),
            TextField("mpls_bos", oxm: .mplsBOS, oxmName: "OXM_OF_MPLS_BOS", bits: 1, bytes: 1, .decimal),
            TextField("mpls_ttl", oxm: .mplsTTL, nxm: (.mplsTTL, "NXM_NX_MPLS_TTL"), bytes: 1, .decimal),
            TextField("ip_src", ["nw_src"], oxm: .ipv4Src, nxm: (.nxmIPSrc, "NXM_OF_IP_SRC"), bytes: 4, .ipv4),
            TextField("ip_dst", ["nw_dst"], oxm: .ipv4Dst, nxm: (.nxmIPDst, "NXM_OF_IP_DST"), bytes: 4, .ipv4),
            TextField("ipv6_src", oxm: .ipv6Src, nxm: (.nxmIPv6Src, "NXM_NX_IPV6_SRC"), bytes: 16, .ipv6),
            TextField("ipv6_dst", oxm: .ipv6Dst, nxm: (.nxmIPv6Dst, "NXM_NX_IPV6_DST"), bytes: 16, .ipv6),
            TextField(
                "ipv6_label", oxm: .ipv6FLabel, nxm: (.nxmIPv6Label, "NXM_NX_IPV6_LABEL"), bits: 20, bytes: 4,
                .hexadecimal),
            TextField(
                "nw_proto", ["ip_proto"], oxm: .ipProto, nxm: (.nxmIPProto, "NXM_OF_IP_PROTO"), bytes: 1, .decimal),
            TextField("nw_tos", oxm: .nxmIPTOS, nxm: (.nxmIPTOS, "NXM_OF_IP_TOS"), bytes: 1, .decimal),
            TextField("ip_dscp", oxm: .ipDSCP, oxmName: "OXM_OF_IP_DSCP", bits: 6, bytes: 1, .decimal),
            TextField(
                "nw_ecn", ["ip_ecn"], oxm: .ipECN, nxm: (.nxmIPECN, "NXM_NX_IP_ECN"), bits: 2, bytes: 1, .decimal),
            TextField("nw_ttl", oxm: .ipTTL, nxm: (.ipTTL, "NXM_NX_IP_TTL"), bytes: 1, .decimal),
            TextField("ip_frag", ["nw_frag"], oxm: .ipFrag, nxm: (.ipFrag, "NXM_NX_IP_FRAG"), bits: 2, bytes: 1, .frag),
            TextField("arp_op", oxm: .arpOp, nxm: (.nxmARPOp, "NXM_OF_ARP_OP"), bytes: 2, .decimal),
            TextField("arp_spa", oxm: .arpSPA, nxm: (.nxmARPSPA, "NXM_OF_ARP_SPA"), bytes: 4, .ipv4),
            TextField("arp_tpa", oxm: .arpTPA, nxm: (.nxmARPTPA, "NXM_OF_ARP_TPA"), bytes: 4, .ipv4),
            TextField("arp_sha", oxm: .arpSHA, nxm: (.nxmARPSHA, "NXM_NX_ARP_SHA"), bytes: 6, .ethernet),
            TextField("arp_tha", oxm: .arpTHA, nxm: (.nxmARPTHA, "NXM_NX_ARP_THA"), bytes: 6, .ethernet),
            TextField("tcp_src", ["tp_src"], oxm: .tcpSrc, nxm: (.nxmTCPSrc, "NXM_OF_TCP_SRC"), bytes: 2, .decimal),
            TextField("tcp_dst", ["tp_dst"], oxm: .tcpDst, nxm: (.nxmTCPDst, "NXM_OF_TCP_DST"), bytes: 2, .decimal),
            TextField(
                "tcp_flags", oxm: .nxmTCPFlags, nxm: (.nxmTCPFlags, "NXM_NX_TCP_FLAGS"), bits: 12, bytes: 2, .tcpFlags),
            TextField("udp_src", oxm: .udpSrc, nxm: (.nxmUDPSrc, "NXM_OF_UDP_SRC"), bytes: 2, .decimal),
            TextField("udp_dst", oxm: .udpDst, nxm: (.nxmUDPDst, "NXM_OF_UDP_DST"), bytes: 2, .decimal),
            TextField("sctp_src", oxm: .sctpSrc, oxmName: "OXM_OF_SCTP_SRC", bytes: 2, .decimal),
            TextField("sctp_dst", oxm: .sctpDst, oxmName: "OXM_OF_SCTP_DST", bytes: 2, .decimal),
            TextField("icmp_type", oxm: .icmpv4Type, nxm: (.nxmICMPType, "NXM_OF_ICMP_TYPE"), bytes: 1, .decimal),
            TextField("icmp_code", oxm: .icmpv4Code, nxm: (.nxmICMPCode, "NXM_OF_ICMP_CODE"), bytes: 1, .decimal),
            TextField(
                "icmpv6_type", oxm: .icmpv6Type, nxm: (.nxmICMPv6Type, "NXM_NX_ICMPV6_TYPE"), bytes: 1, .decimal),
            TextField(
                "icmpv6_code", oxm: .icmpv6Code, nxm: (.nxmICMPv6Code, "NXM_NX_ICMPV6_CODE"), bytes: 1, .decimal),
            TextField("nd_target", oxm: .ipv6NDTarget, nxm: (.nxmNDTarget, "NXM_NX_ND_TARGET"), bytes: 16, .ipv6),
            TextField("nd_sll", oxm: .ipv6NDSLL, nxm: (.nxmNDSLL, "NXM_NX_ND_SLL"), bytes: 6, .ethernet),
            TextField("nd_tll", oxm: .ipv6NDTLL, nxm: (.nxmNDTLL, "NXM_NX_ND_TLL"), bytes: 6, .ethernet),
        ]
        for n in 0..<16 {
            t.append(TextField("reg\(n)", oxm: .reg(n), nxm: (.reg(n), "NXM_NX_REG\(n)"), bytes: 4, .hexadecimal))
        }
        for n in 0..<8 {
            t.append(TextField("xreg\(n)", oxm: .xreg(n), oxmName: "OXM_OF_PKT_REG\(n)", bytes: 8, .hexadecimal))
        }
        for n in 0..<8 {
            t.append(
                TextField("xxreg\(n)", oxm: .xxreg(n), nxm: (.xxreg(n), "NXM_NX_XXREG\(n)"), bytes: 16, .hexadecimal))
        }
        return t
    }()

    private static let byName: [String: TextField] = {
        var d: [String: TextField] = [:]
        for f in all {
            d[f.name] = f
            for a in f.aliases { d[a] = f }
            if d[f.registerName] == nil { d[f.registerName] = f }
        }
        return d
    }()

    private static let byID: [OXMFieldID: TextField] = {
        var d: [OXMFieldID: TextField] = [:]
        for f in all {
            d[f.oxm] = f
            if d[f.registerHeader] == nil { d[f.registerHeader] = f }
        }
        // Other spellings of the same field (e.g. NXM_OF_IN_PORT, ONF tcp_flags) via the codec's table.
        for d2 in OXMFieldTable.all where d[d2.id] == nil {
            if let f = d[d2.canonical] { d[d2.id] = f }
        }
        d[.onfTCPFlags] = d[.nxmTCPFlags]
        return d
    }()

    /// By any name ovs-ofctl accepts: `tcp_dst`, `tp_dst`, `NXM_OF_TCP_DST`, `reg3`.
    public static func named(_ name: String) -> TextField? { byName[name] }

    public static func field(for id: OXMFieldID) -> TextField? { byID[id] }

    /// Every name accepted, for suggestions.
    static var names: [String] { Array(byName.keys) }
}
