/// A requirement on another field of the same match, e.g. tcp_dst needs ip_proto=6.
/// Satisfied when the match holds `field` (or its alias) exactly on the bits of `mask` with a
/// value in `values`.
public struct OXMPrerequisite: Hashable, Sendable {
    public let field: OXMFieldID
    public let values: [UInt128]
    public let mask: UInt128?

    public init(_ field: OXMFieldID, _ values: [UInt128], mask: UInt128? = nil) {
        self.field = field
        self.values = values
        self.mask = mask
    }
}

/// What the library knows about a field.
public struct OXMFieldDescriptor: Hashable, Sendable {
    public let id: OXMFieldID
    public let name: String
    /// Value width in bytes.
    public let width: Int
    public let maskable: Bool
    /// All must hold.
    public let prerequisites: [OXMPrerequisite]
    /// The OpenFlow-basic field this one duplicates (for NXM and ONF spellings), so that
    /// prerequisites written against OXM fields are met by NXM ones too.
    public let canonical: OXMFieldID
}

// Field identifiers. Names follow the OpenFlow spec (and Ryu) for OXM basic fields, OVS for
// Nicira ones, and NXM_* for NXM spellings of basic fields.
extension OXMFieldID {
    static func basic(_ f: UInt8) -> OXMFieldID { OXMFieldID(.openflowBasic, f) }
    static func nx0(_ f: UInt8) -> OXMFieldID { OXMFieldID(.nxm0, f) }
    static func nx1(_ f: UInt8) -> OXMFieldID { OXMFieldID(.nxm1, f) }

    public static let inPort = basic(0)
    public static let inPhyPort = basic(1)
    public static let metadata = basic(2)
    public static let ethDst = basic(3)
    public static let ethSrc = basic(4)
    public static let ethType = basic(5)
    public static let vlanVID = basic(6)
    public static let vlanPCP = basic(7)
    public static let ipDSCP = basic(8)
    public static let ipECN = basic(9)
    public static let ipProto = basic(10)
    public static let ipv4Src = basic(11)
    public static let ipv4Dst = basic(12)
    public static let tcpSrc = basic(13)
    public static let tcpDst = basic(14)
    public static let udpSrc = basic(15)
    public static let udpDst = basic(16)
    public static let sctpSrc = basic(17)
    public static let sctpDst = basic(18)
    public static let icmpv4Type = basic(19)
    public static let icmpv4Code = basic(20)
    public static let arpOp = basic(21)
    public static let arpSPA = basic(22)
    public static let arpTPA = basic(23)
    public static let arpSHA = basic(24)
    public static let arpTHA = basic(25)
    public static let ipv6Src = basic(26)
    public static let ipv6Dst = basic(27)
    public static let ipv6FLabel = basic(28)
    public static let icmpv6Type = basic(29)
    public static let icmpv6Code = basic(30)
    public static let ipv6NDTarget = basic(31)
    public static let ipv6NDSLL = basic(32)
    public static let ipv6NDTLL = basic(33)
    public static let mplsLabel = basic(34)
    public static let mplsTC = basic(35)
    public static let mplsBOS = basic(36)
    public static let pbbISID = basic(37)
    public static let tunnelID = basic(38)
    public static let ipv6ExtHdr = basic(39)
    public static let pbbUCA = basic(41)
    /// OpenFlow 1.5 numbers; in 1.3/1.4 OVS sends the ONF experimenter spellings below.
    public static let tcpFlags = basic(42)
    public static let actsetOutput = basic(43)
    public static let packetType = basic(44)

    public static let onfTCPFlags = OXMFieldID(.experimenter, 42, experimenter: ExperimenterID.onf)
    public static let onfActsetOutput = OXMFieldID(.experimenter, 43, experimenter: ExperimenterID.onf)

    public static let nxmInPort = nx0(0)
    public static let nxmEthDst = nx0(1)
    public static let nxmEthSrc = nx0(2)
    public static let nxmEthType = nx0(3)
    public static let vlanTCI = nx0(4)
    public static let nxmIPTOS = nx0(5)
    public static let nxmIPProto = nx0(6)
    public static let nxmIPSrc = nx0(7)
    public static let nxmIPDst = nx0(8)
    public static let nxmTCPSrc = nx0(9)
    public static let nxmTCPDst = nx0(10)
    public static let nxmUDPSrc = nx0(11)
    public static let nxmUDPDst = nx0(12)
    public static let nxmICMPType = nx0(13)
    public static let nxmICMPCode = nx0(14)
    public static let nxmARPOp = nx0(15)
    public static let nxmARPSPA = nx0(16)
    public static let nxmARPTPA = nx0(17)

    /// NXM_NX_REG0...15.
    public static func reg(_ n: Int) -> OXMFieldID { nx1(UInt8(truncatingIfNeeded: n & 15)) }
    /// OXM_OF_PKT_REG0...7 (64-bit, the OVS xreg fields).
    public static func xreg(_ n: Int) -> OXMFieldID { OXMFieldID(.packetRegisters, UInt8(truncatingIfNeeded: n & 7)) }
    /// NXM_NX_XXREG0...7 (128-bit).
    public static func xxreg(_ n: Int) -> OXMFieldID { nx1(UInt8(truncatingIfNeeded: 111 + (n & 7))) }
    /// NXM_NX_TUN_METADATA0...63 (variable width, so not in the table).
    public static func tunMetadata(_ n: Int) -> OXMFieldID { nx1(UInt8(truncatingIfNeeded: 40 + (n & 63))) }

    public static let tunID = nx1(16)
    public static let nxmARPSHA = nx1(17)
    public static let nxmARPTHA = nx1(18)
    public static let nxmIPv6Src = nx1(19)
    public static let nxmIPv6Dst = nx1(20)
    public static let nxmICMPv6Type = nx1(21)
    public static let nxmICMPv6Code = nx1(22)
    public static let nxmNDTarget = nx1(23)
    public static let nxmNDSLL = nx1(24)
    public static let nxmNDTLL = nx1(25)
    public static let ipFrag = nx1(26)
    public static let nxmIPv6Label = nx1(27)
    public static let nxmIPECN = nx1(28)
    public static let ipTTL = nx1(29)
    public static let mplsTTL = nx1(30)
    public static let tunSrc = nx1(31)
    public static let tunDst = nx1(32)
    public static let pktMark = nx1(33)
    public static let nxmTCPFlags = nx1(34)
    public static let dpHash = nx1(35)
    public static let recircID = nx1(36)
    public static let conjID = nx1(37)
    public static let tunGBPID = nx1(38)
    public static let tunGBPFlags = nx1(39)
    public static let tunFlags = nx1(104)
    public static let ctState = nx1(105)
    public static let ctZone = nx1(106)
    public static let ctMark = nx1(107)
    public static let ctLabel = nx1(108)
    public static let tunIPv6Src = nx1(109)
    public static let tunIPv6Dst = nx1(110)
    public static let ctNWProto = nx1(119)
    public static let ctNWSrc = nx1(120)
    public static let ctNWDst = nx1(121)
    public static let ctIPv6Src = nx1(122)
    public static let ctIPv6Dst = nx1(123)
    public static let ctTPSrc = nx1(124)
    public static let ctTPDst = nx1(125)

    static func nxoxm(_ f: UInt8) -> OXMFieldID { OXMFieldID(.experimenter, f, experimenter: ExperimenterID.nicira) }
    public static let nxoxmDPHash = nxoxm(0)
    public static let tunERSPANIdx = nxoxm(11)
    public static let tunERSPANVer = nxoxm(12)
    public static let tunERSPANDir = nxoxm(13)
    public static let tunERSPANHWID = nxoxm(14)
    public static let tunGTPUFlags = nxoxm(15)
    public static let tunGTPUMsgType = nxoxm(16)
}

/// The field table, written once; every lookup and prerequisite check derives from it.
public enum OXMFieldTable {
    // Prerequisite building blocks, flattened so each field lists everything it needs.
    private static let ip: [OXMPrerequisite] = [.init(.ethType, [0x0800, 0x86DD])]
    private static let ipv4: [OXMPrerequisite] = [.init(.ethType, [0x0800])]
    private static let ipv6: [OXMPrerequisite] = [.init(.ethType, [0x86DD])]
    private static let arp: [OXMPrerequisite] = [.init(.ethType, [0x0806, 0x8035])]
    private static let mpls: [OXMPrerequisite] = [.init(.ethType, [0x8847, 0x8848])]
    private static let pbb: [OXMPrerequisite] = [.init(.ethType, [0x88E7])]
    private static let vlan: [OXMPrerequisite] = [.init(.vlanVID, [0x1000], mask: 0x1000)]
    private static let tcp = ip + [.init(.ipProto, [6])]
    private static let udp = ip + [.init(.ipProto, [17])]
    private static let sctp = ip + [.init(.ipProto, [132])]
    private static let icmpv4 = ipv4 + [.init(.ipProto, [1])]
    private static let icmpv6 = ipv6 + [.init(.ipProto, [58])]
    private static let nd = icmpv6 + [.init(.icmpv6Type, [135, 136])]
    private static let ndSolicit = icmpv6 + [.init(.icmpv6Type, [135])]
    private static let ndAdvert = icmpv6 + [.init(.icmpv6Type, [136])]
    private static let tracked: [OXMPrerequisite] = [.init(.ctState, [0x20], mask: 0x20)]

    private static func f(
        _ id: OXMFieldID, _ name: String, _ width: Int, _ maskable: Bool,
        _ prereqs: [OXMPrerequisite] = [], same canonical: OXMFieldID? = nil
    ) -> OXMFieldDescriptor {
        OXMFieldDescriptor(
            id: id, name: name, width: width, maskable: maskable,
            prerequisites: prereqs, canonical: canonical ?? id)
    }

    public static let all: [OXMFieldDescriptor] = {
        var t: [OXMFieldDescriptor] = [
            f(.inPort, "in_port", 4, false),
            f(.inPhyPort, "in_phy_port", 4, false),
            f(.metadata, "metadata", 8, true),
            f(.ethDst, "eth_dst", 6, true),
            f(.ethSrc, "eth_src", 6, true),
            f(.ethType, "eth_type", 2, false),
            f(.vlanVID, "vlan_vid", 2, true),
            f(.vlanPCP, "vlan_pcp", 1, false, vlan),
            f(.ipDSCP, "ip_dscp", 1, false, ip),
            f(.ipECN, "ip_ecn", 1, false, ip),
            f(.ipProto, "ip_proto", 1, false, ip),
            f(.ipv4Src, "ipv4_src", 4, true, ipv4),
            f(.ipv4Dst, "ipv4_dst", 4, true, ipv4),
            f(.tcpSrc, "tcp_src", 2, true, tcp),
            f(.tcpDst, "tcp_dst", 2, true, tcp),
            f(.udpSrc, "udp_src", 2, true, udp),
            f(.udpDst, "udp_dst", 2, true, udp),
            f(.sctpSrc, "sctp_src", 2, true, sctp),
            f(.sctpDst, "sctp_dst", 2, true, sctp),
            f(.icmpv4Type, "icmpv4_type", 1, false, icmpv4),
            f(.icmpv4Code, "icmpv4_code", 1, false, icmpv4),
            f(.arpOp, "arp_op", 2, false, arp),
            f(.arpSPA, "arp_spa", 4, true, arp),
            f(.arpTPA, "arp_tpa", 4, true, arp),
            f(.arpSHA, "arp_sha", 6, true, arp),
            f(.arpTHA, "arp_tha", 6, true, arp),
            f(.ipv6Src, "ipv6_src", 16, true, ipv6),
            f(.ipv6Dst, "ipv6_dst", 16, true, ipv6),
            f(.ipv6FLabel, "ipv6_flabel", 4, true, ipv6),
            f(.icmpv6Type, "icmpv6_type", 1, false, icmpv6),
            f(.icmpv6Code, "icmpv6_code", 1, false, icmpv6),
            f(.ipv6NDTarget, "ipv6_nd_target", 16, true, nd),
            f(.ipv6NDSLL, "ipv6_nd_sll", 6, true, ndSolicit),
            f(.ipv6NDTLL, "ipv6_nd_tll", 6, true, ndAdvert),
            f(.mplsLabel, "mpls_label", 4, false, mpls),
            f(.mplsTC, "mpls_tc", 1, false, mpls),
            f(.mplsBOS, "mpls_bos", 1, false, mpls),
            f(.pbbISID, "pbb_isid", 3, true, pbb),
            f(.tunnelID, "tunnel_id", 8, true),
            f(.ipv6ExtHdr, "ipv6_exthdr", 2, true, ipv6),
            f(.pbbUCA, "pbb_uca", 1, false, pbb),
            f(.tcpFlags, "tcp_flags", 2, true, tcp),
            f(.actsetOutput, "actset_output", 4, false),
            f(.packetType, "packet_type", 4, false),
            f(.onfTCPFlags, "onf_tcp_flags", 2, true, tcp, same: .tcpFlags),
            f(.onfActsetOutput, "onf_actset_output", 4, false, same: .actsetOutput),

            f(.nxmInPort, "NXM_OF_IN_PORT", 2, false),
            f(.nxmEthDst, "NXM_OF_ETH_DST", 6, true, same: .ethDst),
            f(.nxmEthSrc, "NXM_OF_ETH_SRC", 6, true, same: .ethSrc),
            f(.nxmEthType, "NXM_OF_ETH_TYPE", 2, false, same: .ethType),
            f(.vlanTCI, "vlan_tci", 2, true),
            f(.nxmIPTOS, "nw_tos", 1, false, ip),
            f(.nxmIPProto, "NXM_OF_IP_PROTO", 1, false, ip, same: .ipProto),
            f(.nxmIPSrc, "NXM_OF_IP_SRC", 4, true, ipv4, same: .ipv4Src),
            f(.nxmIPDst, "NXM_OF_IP_DST", 4, true, ipv4, same: .ipv4Dst),
            f(.nxmTCPSrc, "NXM_OF_TCP_SRC", 2, true, tcp, same: .tcpSrc),
            f(.nxmTCPDst, "NXM_OF_TCP_DST", 2, true, tcp, same: .tcpDst),
            f(.nxmUDPSrc, "NXM_OF_UDP_SRC", 2, true, udp, same: .udpSrc),
            f(.nxmUDPDst, "NXM_OF_UDP_DST", 2, true, udp, same: .udpDst),
            f(.nxmICMPType, "NXM_OF_ICMP_TYPE", 1, false, icmpv4, same: .icmpv4Type),
            f(.nxmICMPCode, "NXM_OF_ICMP_CODE", 1, false, icmpv4, same: .icmpv4Code),
            f(.nxmARPOp, "NXM_OF_ARP_OP", 2, false, arp, same: .arpOp),
            f(.nxmARPSPA, "NXM_OF_ARP_SPA", 4, true, arp, same: .arpSPA),
            f(.nxmARPTPA, "NXM_OF_ARP_TPA", 4, true, arp, same: .arpTPA),

            f(.tunID, "tun_id", 8, true, same: .tunnelID),
            f(.nxmARPSHA, "NXM_NX_ARP_SHA", 6, true, arp, same: .arpSHA),
            f(.nxmARPTHA, "NXM_NX_ARP_THA", 6, true, arp, same: .arpTHA),
            f(.nxmIPv6Src, "NXM_NX_IPV6_SRC", 16, true, ipv6, same: .ipv6Src),
            f(.nxmIPv6Dst, "NXM_NX_IPV6_DST", 16, true, ipv6, same: .ipv6Dst),
            f(.nxmICMPv6Type, "NXM_NX_ICMPV6_TYPE", 1, false, icmpv6, same: .icmpv6Type),
            f(.nxmICMPv6Code, "NXM_NX_ICMPV6_CODE", 1, false, icmpv6, same: .icmpv6Code),
            f(.nxmNDTarget, "NXM_NX_ND_TARGET", 16, true, nd, same: .ipv6NDTarget),
            f(.nxmNDSLL, "NXM_NX_ND_SLL", 6, true, ndSolicit, same: .ipv6NDSLL),
            f(.nxmNDTLL, "NXM_NX_ND_TLL", 6, true, ndAdvert, same: .ipv6NDTLL),
            f(.ipFrag, "ip_frag", 1, true, ip),
            f(.nxmIPv6Label, "NXM_NX_IPV6_LABEL", 4, true, ipv6, same: .ipv6FLabel),
            f(.nxmIPECN, "NXM_NX_IP_ECN", 1, false, ip, same: .ipECN),
            f(.ipTTL, "nw_ttl", 1, false, ip),
            f(.mplsTTL, "mpls_ttl", 1, false, mpls),
            f(.tunSrc, "tun_src", 4, true),
            f(.tunDst, "tun_dst", 4, true),
            f(.pktMark, "pkt_mark", 4, true),
            f(.nxmTCPFlags, "NXM_NX_TCP_FLAGS", 2, true, tcp, same: .tcpFlags),
            f(.dpHash, "dp_hash", 4, true),
            f(.recircID, "recirc_id", 4, false),
            f(.conjID, "conj_id", 4, false),
            f(.tunGBPID, "tun_gbp_id", 2, true),
            f(.tunGBPFlags, "tun_gbp_flags", 1, true),
            f(.tunFlags, "tun_flags", 2, true),
            f(.ctState, "ct_state", 4, true),
            f(.ctZone, "ct_zone", 2, false),
            f(.ctMark, "ct_mark", 4, true),
            f(.ctLabel, "ct_label", 16, true),
            f(.tunIPv6Src, "tun_ipv6_src", 16, true),
            f(.tunIPv6Dst, "tun_ipv6_dst", 16, true),
            f(.ctNWProto, "ct_nw_proto", 1, false, tracked),
            f(.ctNWSrc, "ct_nw_src", 4, true, tracked + ipv4),
            f(.ctNWDst, "ct_nw_dst", 4, true, tracked + ipv4),
            f(.ctIPv6Src, "ct_ipv6_src", 16, true, tracked + ipv6),
            f(.ctIPv6Dst, "ct_ipv6_dst", 16, true, tracked + ipv6),
            f(.ctTPSrc, "ct_tp_src", 2, true, tracked),
            f(.ctTPDst, "ct_tp_dst", 2, true, tracked),

            f(.nxoxmDPHash, "nxoxm_dp_hash", 4, true, same: .dpHash),
            f(.tunERSPANIdx, "tun_erspan_idx", 4, true),
            f(.tunERSPANVer, "tun_erspan_ver", 1, true),
            f(.tunERSPANDir, "tun_erspan_dir", 1, true),
            f(.tunERSPANHWID, "tun_erspan_hwid", 1, true),
            f(.tunGTPUFlags, "tun_gtpu_flags", 1, true),
            f(.tunGTPUMsgType, "tun_gtpu_msgtype", 1, true),
        ]
        for n in 0..<16 { t.append(f(.reg(n), "reg\(n)", 4, true)) }
        for n in 0..<8 { t.append(f(.xreg(n), "xreg\(n)", 8, true)) }
        for n in 0..<8 { t.append(f(.xxreg(n), "xxreg\(n)", 16, true)) }
        return t
    }()

    // Direct-indexed per class so decoding a field costs one array access, not a hash.
    private static let basicIndex = index(.openflowBasic)
    private static let nxm0Index = index(.nxm0)
    private static let nxm1Index = index(.nxm1)
    private static let regsIndex = index(.packetRegisters)
    private static let experimenterIndex: [OXMFieldID: OXMFieldDescriptor] = {
        var d = [OXMFieldID: OXMFieldDescriptor]()
        for e in all where e.id.oxmClass == .experimenter { d[e.id] = e }
        return d
    }()
    private static let byName: [String: OXMFieldDescriptor] = {
        var d = [String: OXMFieldDescriptor]()
        for e in all { d[e.name] = e }
        return d
    }()

    // Widths by class slot and field number (0 = not in the table): the decoder's width check
    // is then one load from a trivial array, with no descriptor copied.
    static let widths: [UInt8] = {
        var w = [UInt8](repeating: 0, count: 4 * 128)
        for e in all {
            if let s = slot(e.id.oxmClass) { w[s * 128 + Int(e.id.field)] = UInt8(e.width) }
        }
        return w
    }()

    @inline(__always)
    static func slot(_ cls: OXMClass) -> Int? {
        switch cls {
        case .openflowBasic: 0
        case .nxm0: 1
        case .nxm1: 2
        case .packetRegisters: 3
        default: nil
        }
    }

    /// The table's width for `id` in bytes, nil for fields the table does not name.
    static func width(of id: OXMFieldID) -> Int? { width(of: id, in: widths) }

    /// As `width(of:)`, with the table passed in so hot loops touch the lazy global once.
    @inline(__always)
    static func width(of id: OXMFieldID, in widths: [UInt8]) -> Int? {
        if let s = slot(id.oxmClass) {
            let w = widths[s * 128 + Int(id.field & 0x7F)]
            return w == 0 ? nil : Int(w)
        }
        return id.oxmClass == .experimenter ? experimenterIndex[id]?.width : nil
    }

    private static func index(_ cls: OXMClass) -> [OXMFieldDescriptor?] {
        var a = [OXMFieldDescriptor?](repeating: nil, count: 128)
        for e in all where e.id.oxmClass == cls { a[Int(e.id.field)] = e }
        return a
    }

    public static func lookup(_ id: OXMFieldID) -> OXMFieldDescriptor? {
        let i = Int(id.field & 0x7F)
        switch id.oxmClass {
        case .openflowBasic: return basicIndex[i]
        case .nxm1: return nxm1Index[i]
        case .nxm0: return nxm0Index[i]
        case .packetRegisters: return regsIndex[i]
        case .experimenter: return experimenterIndex[id]
        default: return nil
        }
    }

    public static func lookup(name: String) -> OXMFieldDescriptor? { byName[name] }
}
