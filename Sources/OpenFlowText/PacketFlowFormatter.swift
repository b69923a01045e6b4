import OpenFlow

/// A packet's headers as ovs-ofctl prints them after a packet-in or packet-out: the flow OVS
/// extracts from the bytes, as an exact match (`icmp,vlan_tci=0x0000,dl_src=…,icmp_code=0`),
/// then the transport checksum (`icmp_csum:208`). Like OVS, it reads Ethernet, up to two VLAN
/// tags, LLC/SNAP, MPLS, ARP/RARP, IPv4 and IPv6 (with extension headers), and TCP, UDP, SCTP,
/// ICMP, ICMPv6 (neighbor discovery included) and IGMP ports; a header cut short ends the
/// parse there, leaving the later fields zero, which OVS prints as zero too.
enum PacketFlowFormatter {
    static func format(_ bytes: [UInt8]) -> String {
        var p = Parse(bytes: bytes)
        p.ethernet()
        var text = MatchFormatter.format(p.flow, priority: 0x8000, names: nil)
        // A tagged packet also shows its second tag (or that it has none), right before dl_src.
        if let inner = p.innerVLAN, let at = text.firstRange(of: ",dl_src=") {
            text.insert(contentsOf: "," + inner, at: at.lowerBound)
        }
        return text + p.checksum
    }

    struct Parse {
        let bytes: [UInt8]
        var offset = 0
        var flow = FlowMatch()
        var checksum = ""
        /// The second VLAN tag's text when the packet has a first one.
        var innerVLAN: String?

        init(bytes: [UInt8]) { self.bytes = bytes }

        func has(_ n: Int) -> Bool { offset + n <= bytes.count }
        func u8(_ at: Int) -> UInt128 { UInt128(bytes[offset + at]) }
        func u16(_ at: Int) -> UInt128 { u8(at) << 8 | u8(at + 1) }
        func u32(_ at: Int) -> UInt128 { u16(at) << 16 | u16(at + 2) }
        func wide(_ at: Int, _ n: Int) -> UInt128 { (0..<n).reduce(0) { $0 << 8 | u8(at + $1) } }

        mutating func set(_ id: OXMFieldID, _ value: UInt128) { flow.add(OXMField(id, value)) }

        mutating func ethernet() {
            guard has(14) else { return }
            set(.ethDst, wide(0, 6))
            set(.ethSrc, wide(6, 6))
            offset += 12
            // The first VLAN tag is shown even when absent (vlan_tci=0x0000).
            var tci: UInt128 = 0
            var tags = 0
            var innerTCI: UInt128 = 0
            while has(4), [0x8100, 0x88a8].contains(u16(0)), tags < 2 {
                if tags == 0 { tci = u16(2) | 0x1000 } else { innerTCI = u16(2) | 0x1000 }
                tags += 1
                offset += 4
            }
            if tags > 0 {
                innerVLAN =
                    tags > 1 ? "dl_vlan1=\(innerTCI & 0xfff),dl_vlan_pcp1=\(innerTCI >> 13)" : "vlan_tci1=0x0000"
            }
            set(.vlanTCI, tci)
            guard has(2) else { return }
            var type = u16(0)
            offset += 2
            if type < 0x600 {
                // 802.2: a SNAP header with a zero OUI carries an Ethernet type; other frames
                // have OVS's "no type" 0x05ff.
                if has(8), u8(0) == 0xaa, u8(1) == 0xaa, u8(2) == 0x03, wide(3, 3) == 0 {
                    type = u16(6)
                    offset += 8
                } else {
                    type = 0x05ff
                }
            }
            set(.ethType, type)
            switch type {
            case 0x0800: ipv4()
            case 0x86dd: ipv6()
            case 0x0806, 0x8035: arp()
            case 0x8847, 0x8848: mpls()
            default: break
            }
        }

        mutating func arp() {
            // Only Ethernet/IPv4 ARP carries addresses OVS reads; the opcode it reads only then too.
            var op: UInt128 = 0
            var spa: UInt128 = 0
            var tpa: UInt128 = 0
            var sha: UInt128 = 0
            var tha: UInt128 = 0
            if has(28), u16(0) == 1, u16(2) == 0x0800, u8(4) == 6, u8(5) == 4 {
                op = u16(6) <= 0xff ? u16(6) : 0
                sha = wide(8, 6)
                spa = u32(14)
                tha = wide(18, 6)
                tpa = u32(24)
            }
            set(.arpOp, op)
            set(.arpSPA, spa)
            set(.arpTPA, tpa)
            set(.arpSHA, sha)
            set(.arpTHA, tha)
        }

        mutating func mpls() {
            guard has(4) else { return }
            let lse = u32(0)
            set(.mplsLabel, lse >> 12)
            set(.mplsTC, (lse >> 9) & 7)
            set(.mplsBOS, (lse >> 8) & 1)
            set(.mplsTTL, lse & 0xff)
        }

        /// The fields every IP packet shows, even when its header is cut short.
        mutating func ipCommon(proto: UInt128, tos: UInt128, ttl: UInt128, frag: UInt128) {
            set(.ipProto, proto)
            set(.ipDSCP, tos >> 2)
            set(.ipECN, tos & 3)
            set(.ipTTL, ttl)
            set(.ipFrag, frag)
        }

        mutating func ipv4() {
            guard has(20), u8(0) >> 4 == 4 else {
                set(.ipv4Src, 0)
                set(.ipv4Dst, 0)
                ipCommon(proto: 0, tos: 0, ttl: 0, frag: 0)
                return
            }
            let headerLength = Int(u8(0) & 0xf) * 4
            set(.ipv4Src, u32(12))
            set(.ipv4Dst, u32(16))
            let fragment = u16(6)
            // OVS's nw_frag bits: 1 = a fragment, 2 = not the first one.
            var frag: UInt128 = 0
            if fragment & 0x3fff != 0 { frag = fragment & 0x1fff != 0 ? 3 : 1 }
            let proto = u8(9)
            ipCommon(proto: proto, tos: u8(1), ttl: u8(8), frag: frag)
            guard headerLength >= 20, has(headerLength) else { return }
            offset += headerLength
            transport(proto, v6: false, fields: frag & 2 == 0)
        }

        mutating func ipv6() {
            guard has(40) else {
                set(.ipv6Src, 0)
                set(.ipv6Dst, 0)
                set(.ipv6FLabel, 0)
                ipCommon(proto: 0, tos: 0, ttl: 0, frag: 0)
                return
            }
            let first = u32(0)
            set(.ipv6Src, wide(8, 16))
            set(.ipv6Dst, wide(24, 16))
            set(.ipv6FLabel, first & 0xfffff)
            let tos = (first >> 20) & 0xff
            let ttl = u8(7)
            var next = u8(6)
            offset += 40
            var frag: UInt128 = 0
            // Hop-by-hop, routing, destination options and fragment headers come before transport.
            while [0, 43, 60, 44, 51].contains(next), has(8) {
                if next == 44 {
                    let fragment = u16(2)
                    frag = 1 | (fragment & 0xfff8 != 0 ? 2 : 0)
                    next = u8(0)
                    offset += 8
                } else {
                    let length = next == 51 ? (Int(u8(1)) + 2) * 4 : (Int(u8(1)) + 1) * 8
                    next = u8(0)
                    guard has(length) else { break }
                    offset += length
                }
            }
            ipCommon(proto: next, tos: tos, ttl: ttl, frag: frag)
            transport(next, v6: true, fields: frag & 2 == 0)
        }

        /// The ports (or ICMP type and code) unless `fields` is false (a later fragment has no
        /// transport header); the checksum OVS reads from where the header would be either way.
        mutating func transport(_ proto: UInt128, v6: Bool, fields: Bool) {
            func ports(_ src: OXMFieldID, _ dst: OXMFieldID) {
                guard fields else { return }
                set(src, u16(0))
                set(dst, u16(2))
            }
            func icmp(_ type: OXMFieldID, _ code: OXMFieldID) {
                guard fields else { return }
                set(type, u8(0))
                set(code, u8(1))
            }
            switch proto {
            case 6 where has(20):
                ports(.tcpSrc, .tcpDst)
                if fields { set(.tcpFlags, u16(12) & 0x0fff) }
                checksum = " tcp_csum:" + String(UInt16(u16(16)), radix: 16)
            case 17 where has(8):
                ports(.udpSrc, .udpDst)
                checksum = " udp_csum:" + String(UInt16(u16(6)), radix: 16)
            case 132 where has(12):
                ports(.sctpSrc, .sctpDst)
                checksum = " sctp_csum:" + String(UInt32(u32(8)), radix: 16)
            case 1 where !v6 && has(8):
                icmp(.icmpv4Type, .icmpv4Code)
                checksum = " icmp_csum:" + String(UInt16(u16(2)), radix: 16)
            case 58 where v6 && has(8):
                icmp(.icmpv6Type, .icmpv6Code)
                checksum = " icmp6_csum:" + String(UInt16(u16(2)), radix: 16)
                if fields { neighborDiscovery(type: u8(0)) }
            default:
                break
            }
        }

        /// Neighbor solicitation and advertisement: the target and the link-layer address options.
        mutating func neighborDiscovery(type: UInt128) {
            guard type == 135 || type == 136, u8(1) == 0, has(24) else { return }
            set(.ipv6NDTarget, wide(8, 16))
            var sll: UInt128 = 0
            var tll: UInt128 = 0
            var at = 24
            while offset + at + 8 <= bytes.count {
                let optionType = u8(at)
                let length = Int(u8(at + 1)) * 8
                guard length > 0, offset + at + length <= bytes.count else { break }
                if length == 8, optionType == 1, type == 135 { sll = wide(at + 2, 6) }
                if length == 8, optionType == 2, type == 136 { tll = wide(at + 2, 6) }
                at += length
            }
            set(.ipv6NDSLL, sll)
            set(.ipv6NDTLL, tll)
        }
    }
}
