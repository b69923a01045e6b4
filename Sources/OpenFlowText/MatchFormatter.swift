import OpenFlow

/// Prints a match in exactly the order and spelling ovs-ofctl's match_format uses.
enum MatchFormatter {
    static func format(_ m: FlowMatch, priority: UInt16, names: PortNames?) -> String {
        var out: [String] = []
        out.reserveCapacity(8)
        if priority != 0x8000 { out.append("priority=\(priority)") }
        func u32(_ name: String, _ id: OXMFieldID) {
            guard let f = m[id] else { return }
            out.append("\(name)=" + ValueSyntax.hexC(f.value) + (f.mask.map { "/" + ValueSyntax.hexC($0) } ?? ""))
        }
        // format_uint16_masked / format_be16_masked: decimal when exact, hex pair when masked.
        func u16(_ name: String, _ id: OXMFieldID) {
            guard let f = m[id] else { return }
            if let mask = f.mask {
                out.append("\(name)=0x\(String(f.value, radix: 16))/0x\(String(mask, radix: 16))")
            } else {
                out.append("\(name)=\(f.value)")
            }
        }
        func ip(_ name: String, _ id: OXMFieldID) {
            guard let f = m[id] else { return }
            out.append(
                "\(name)="
                    + ValueSyntax.ipv4Masked(
                        UInt32(truncatingIfNeeded: f.value), UInt32(truncatingIfNeeded: f.mask ?? 0xffff_ffff)))
        }
        func ip6(_ name: String, _ id: OXMFieldID) {
            guard let f = m[id] else { return }
            out.append("\(name)=" + ValueSyntax.ipv6Masked(f.value, f.mask ?? .max))
        }
        func eth(_ name: String, _ id: OXMFieldID) {
            guard let f = m[id] else { return }
            out.append(
                "\(name)=" + ValueSyntax.ethernet(f.value) + (f.mask.map { "/" + ValueSyntax.ethernet($0) } ?? ""))
        }
        func dec(_ name: String, _ id: OXMFieldID) {
            guard let f = m[id] else { return }
            out.append("\(name)=\(f.value)")
        }

        u32("pkt_mark", .pktMark)
        u32("recirc_id", .recircID)
        u32("dp_hash", .dpHash)
        dec("conj_id", .conjID)
        if let f = m[.actsetOutput] {
            out.append(
                "actset_output=" + PortSyntax.format(PortNumber(UInt32(truncatingIfNeeded: f.value)), names: names))
        }
        if let f = m[.ctState] {
            out.append(
                "ct_state="
                    + FlagSyntax.format(
                        f.value, mask: f.mask ?? 0xff, names: FlagSyntax.ctState, full: 0xff, separator: "|"))
        }
        if let f = m[.ctZone] {
            if let mask = f.mask {
                out.append("ct_zone=0x\(String(f.value, radix: 16))/0x\(String(mask, radix: 16))")
            } else {
                out.append("ct_zone=\(f.value)")
            }
        }
        u32("ct_mark", .ctMark)
        if let f = m[.ctLabel] {
            out.append("ct_label=" + ValueSyntax.hexC(f.value) + (f.mask.map { "/" + ValueSyntax.hexC($0) } ?? ""))
        }
        ip("ct_nw_src", .ctNWSrc)
        ip6("ct_ipv6_src", .ctIPv6Src)
        ip("ct_nw_dst", .ctNWDst)
        ip6("ct_ipv6_dst", .ctIPv6Dst)
        if let proto = m[.ctNWProto] {
            out.append("ct_nw_proto=\(proto.value)")
            u16("ct_tp_src", .ctTPSrc)
            u16("ct_tp_dst", .ctTPDst)
        }

        let dlType = m[.ethType].map { UInt16(truncatingIfNeeded: $0.value) }
        let proto = m[.ipProto].map { UInt8(truncatingIfNeeded: $0.value) }
        var skipType = false
        var skipProto = false
        if let dlType {
            skipType = true
            switch dlType {
            case 0x0800, 0x86DD:
                let v6 = dlType == 0x86DD
                let names: [UInt8: String] = [1: "icmp", 6: "tcp", 17: "udp", 132: "sctp", 58: "icmp6"]
                if let proto, let name = names[proto],
                    (proto == 1 && !v6) || (proto == 58 && v6) || [6, 17, 132].contains(proto)
                {
                    skipProto = true
                    out.append(v6 && proto != 58 ? name + "6" : name)
                } else {
                    out.append(v6 ? "ipv6" : "ip")
                }
            case 0x0806: out.append("arp")
            case 0x8035: out.append("rarp")
            case 0x8847: out.append("mpls")
            case 0x8848: out.append("mplsm")
            default: skipType = false
            }
        }
        // Registers in number order (entries are sorted by rank, and registers rank by number).
        for e in m.entries where e.id.oxmClass == .nxm1 && e.id.field < 16 {
            u32(registerNames[Int(e.id.field)], e.id)
        }
        u32("tun_id", .tunnelID)
        ip("tun_src", .tunSrc)
        ip("tun_dst", .tunDst)
        ip6("tun_ipv6_src", .tunIPv6Src)
        ip6("tun_ipv6_dst", .tunIPv6Dst)
        u16("tun_gbp_id", .tunGBPID)
        if let f = m[.tunGBPFlags] { out.append("tun_gbp_flags=" + ValueSyntax.hexC(f.value)) }
        u32("metadata", .metadata)
        if let f = m[.inPort] {
            out.append("in_port=" + PortSyntax.format(PortNumber(UInt32(truncatingIfNeeded: f.value)), names: names))
        }
        if let tci = m.tci, tci.mask != 0 {
            let vidMask = tci.mask & 0x0fff
            let pcpMask = tci.mask & 0xe000
            let cfi = tci.mask & 0x1000
            if cfi != 0 && tci.value & 0x1000 != 0 && (vidMask == 0 || vidMask == 0x0fff)
                && (pcpMask == 0 || pcpMask == 0xe000) && (vidMask != 0 || pcpMask != 0)
            {
                if vidMask != 0 { out.append("dl_vlan=\(tci.value & 0x0fff)") }
                if pcpMask != 0 { out.append("dl_vlan_pcp=\(tci.value >> 13)") }
            } else if tci.mask == 0xffff {
                out.append("vlan_tci=" + hex4(tci.value))
            } else {
                out.append("vlan_tci=" + hex4(tci.value) + "/" + hex4(tci.mask))
            }
        }
        eth("dl_src", .ethSrc)
        eth("dl_dst", .ethDst)
        if !skipType, let dlType { out.append("dl_type=" + hex4(dlType)) }
        let isARP = dlType == 0x0806 || dlType == 0x8035
        if dlType == 0x86DD {
            ip6("ipv6_src", .ipv6Src)
            ip6("ipv6_dst", .ipv6Dst)
            if let f = m[.ipv6FLabel] {
                out.append("ipv6_label=" + hex5(f.value) + (f.mask.map { "/" + hex5($0) } ?? ""))
            }
        } else if isARP {
            ip("arp_spa", .arpSPA)
            ip("arp_tpa", .arpTPA)
        } else {
            ip("nw_src", .ipv4Src)
            ip("nw_dst", .ipv4Dst)
        }
        if isARP {
            if let op = m[.arpOp] { out.append("arp_op=\(op.value)") }
        } else if !skipProto, let proto {
            out.append("nw_proto=\(proto)")
        }
        if isARP {
            eth("arp_sha", .arpSHA)
            eth("arp_tha", .arpTHA)
        }
        if let f = m[.ipDSCP] { out.append("nw_tos=\(f.value << 2)") }
        if let f = m[.ipECN] { out.append("nw_ecn=\(f.value)") }
        dec("nw_ttl", .ipTTL)
        dec("mpls_label", .mplsLabel)
        dec("mpls_tc", .mplsTC)
        dec("mpls_ttl", .mplsTTL)
        dec("mpls_bos", .mplsBOS)
        if let f = m[.ipFrag] {
            let word = FragSyntax.format(
                UInt8(truncatingIfNeeded: f.value), mask: UInt8(truncatingIfNeeded: f.mask ?? 3))
            if !word.isEmpty { out.append("nw_frag=" + word) }
        }
        if dlType == 0x0800 && proto == 1 {
            u16("icmp_type", .icmpv4Type)
            u16("icmp_code", .icmpv4Code)
        } else if dlType == 0x86DD && proto == 58 {
            u16("icmp_type", .icmpv6Type)
            u16("icmp_code", .icmpv6Code)
            ip6("nd_target", .ipv6NDTarget)
            eth("nd_sll", .ipv6NDSLL)
            eth("nd_tll", .ipv6NDTLL)
        } else {
            u16("tp_src", proto == 17 ? .udpSrc : proto == 132 ? .sctpSrc : .tcpSrc)
            u16("tp_dst", proto == 17 ? .udpDst : proto == 132 ? .sctpDst : .tcpDst)
        }
        if proto == 6, dlType == 0x0800 || dlType == 0x86DD, let f = m[.tcpFlags] {
            out.append(
                "tcp_flags="
                    + FlagSyntax.format(
                        f.value, mask: (f.mask ?? 0xfff) & 0xfff, names: FlagSyntax.tcp, full: 0xfff, separator: "|"))
        }
        return out.joined(separator: ",")
    }

    static let registerNames = (0..<16).map { "reg\($0)" }

    static func hex4(_ v: UInt16) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    static func hex5(_ v: UInt128) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 5 - s.count)) + s
    }
}
