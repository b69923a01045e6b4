import OpenFlow
import TextSuggestions

/// Match fields of a flow string (`tcp,nw_src=10.0.0.0/8,tp_dst=80`) into a `FlowMatch`.
/// Like ovs-ofctl, `tp_src`/`icmp_type`, `nw_src` and `nw_proto` mean different OXM fields
/// depending on the protocol, so they are resolved once every field has been read.
struct MatchParser {
    var match = FlowMatch()
    var names: PortNames?
    private var pending: [(Pending, MaskedValue)] = []

    private enum Pending { case tpSrc, tpDst, nwSrc, nwDst, nwProto }

    /// `dl_type` and `nw_proto` each abbreviation stands for.
    static let protocols: [String: (UInt16, UInt8?)] = [
        "ip": (0x0800, nil), "ipv4": (0x0800, nil), "icmp": (0x0800, 1), "tcp": (0x0800, 6), "udp": (0x0800, 17),
        "sctp": (0x0800, 132), "ipv6": (0x86DD, nil), "icmp6": (0x86DD, 58), "tcp6": (0x86DD, 6),
        "udp6": (0x86DD, 17), "sctp6": (0x86DD, 132), "arp": (0x0806, nil), "rarp": (0x8035, nil),
        "mpls": (0x8847, nil), "mplsm": (0x8848, nil),
    ]

    /// Names with parsing rules of their own (the rest come from `FieldTable`).
    static let specialNames = [
        "in_port", "dl_vlan", "dl_vlan_pcp", "vlan_tci", "vlan_vid", "vlan_pcp", "nw_src", "nw_dst", "ip_src",
        "ip_dst", "nw_proto", "ip_proto", "nw_tos", "tp_src", "tp_dst", "icmp_type", "icmp_code", "icmpv4_type",
        "icmpv4_code",
    ]

    init(names: PortNames?) { self.names = names }

    /// Whether `key` is something this parser knows (for errors and suggestions).
    static func knows(_ key: String) -> Bool {
        protocols[key] != nil || specialNames.contains(key) || FieldTable.named(key) != nil
    }

    static var allNames: [String] {
        Array(protocols.keys) + specialNames + FieldTable.all.flatMap { [$0.name] + $0.aliases }
    }

    mutating func add(_ token: Token) throws(SyntaxError) {
        let key = token.key
        if token.value == nil, let (ethType, proto) = Self.protocols[key] {
            set(.ethType, MaskedValue(value: UInt128(ethType)))
            if let proto { set(.ipProto, MaskedValue(value: UInt128(proto))) }
            return
        }
        if token.value == nil && !Self.knows(key) && !FlowParser.keywords.contains(key) {
            throw SyntaxError(
                "unknown field '\(key)'", column: token.column, token: key,
                suggestion: DidYouMean.suggestion(for: key, among: Self.allNames + FlowParser.keywords))
        }
        guard let text = token.value, token.separator == "=" || token.separator == ":" else {
            throw SyntaxError(
                "field '\(key)' needs a value", column: token.column, token: token.text, expected: "\(key)=VALUE")
        }
        func value(_ format: ValueFormat, bytes: Int) throws(SyntaxError) -> MaskedValue {
            do {
                return try ValueSyntax.parse(text, format: format, bytes: bytes)
            } catch {
                throw SyntaxError(
                    "\(key): \(error.message)", column: token.valueColumn, token: text,
                    expected: Self.describe(format))
            }
        }
        switch key {
        case "in_port":
            if let n = names?.byName[text] {
                set(.inPort, MaskedValue(value: UInt128(n)))
            } else if let port = PortSyntax.parse(text) {
                set(.inPort, MaskedValue(value: UInt128(port.rawValue)))
            } else {
                throw SyntaxError(
                    "in_port: unknown port '\(text)'", column: token.valueColumn, token: text,
                    expected: "a port number, a port name or LOCAL, CONTROLLER, ...")
            }
        case "dl_vlan", "vlan_vid":
            let v = try value(.decimal, bytes: 2)
            var t = match.tci ?? (0, 0)
            if v.value == 0xffff {
                t = (0, 0xffff)
            } else {
                t.value = (t.value & 0xe000) | 0x1000 | UInt16(truncatingIfNeeded: v.value & 0xfff)
                t.mask |= 0x1fff
            }
            match.tci = t
        case "dl_vlan_pcp", "vlan_pcp":
            let v = try value(.decimal, bytes: 1)
            var t = match.tci ?? (0, 0)
            t.value = (t.value & 0x0fff) | 0x1000 | UInt16(truncatingIfNeeded: v.value & 7) << 13
            t.mask |= 0xf000
            match.tci = t
        case "vlan_tci":
            let v = try value(.hexadecimal, bytes: 2)
            match.tci = (UInt16(truncatingIfNeeded: v.value), UInt16(truncatingIfNeeded: v.mask ?? 0xffff))
        case "nw_src", "ip_src": pending.append((.nwSrc, try value(.ipv4, bytes: 4)))
        case "nw_dst", "ip_dst": pending.append((.nwDst, try value(.ipv4, bytes: 4)))
        case "nw_proto", "ip_proto": pending.append((.nwProto, try value(.decimal, bytes: 1)))
        case "nw_tos":
            let v = try value(.decimal, bytes: 1)
            set(.ipDSCP, MaskedValue(value: v.value >> 2))
        case "tp_src", "icmp_type", "icmpv4_type": pending.append((.tpSrc, try value(.decimal, bytes: 2)))
        case "tp_dst", "icmp_code", "icmpv4_code": pending.append((.tpDst, try value(.decimal, bytes: 2)))
        case _ where key.hasPrefix("xreg"):
            guard let n = Int(key.dropFirst(4)), (0..<8).contains(n) else { fallthrough }
            // OVS keeps xregN as the register pair reg(2N) (high half) and reg(2N+1).
            let v = try value(.hexadecimal, bytes: 8)
            let m = v.mask ?? 0xffff_ffff_ffff_ffff
            for (reg, shift) in [(2 * n, 32), (2 * n + 1, 0)] {
                let half = (m >> shift) & 0xffff_ffff
                if half != 0 {
                    set(
                        .reg(reg), MaskedValue(value: (v.value >> shift) & half, mask: half == 0xffff_ffff ? nil : half)
                    )
                }
            }
        default:
            guard let field = FieldTable.named(key) else {
                throw SyntaxError(
                    "unknown field '\(key)'", column: token.column, token: key,
                    suggestion: DidYouMean.suggestion(for: key, among: Self.allNames + FlowParser.keywords))
            }
            let v = try value(field.format, bytes: field.bytes)
            var f = OXMField(id: field.oxm, value: OXMValue(v.value, width: field.bytes))
            f.mask = v.mask.map { OXMValue($0, width: field.bytes) }
            match.add(f)
        }
    }

    private mutating func set(_ id: OXMFieldID, _ v: MaskedValue) { match[id] = v }

    /// Resolves the protocol-dependent names once the protocol is known.
    mutating func finish() -> FlowMatch {
        let v4 = match.isIPv4
        let v6 = match.isIPv6
        let arp = match.isARP
        // nw_proto first: tp_src needs it.
        for (kind, v) in pending where kind == .nwProto {
            if arp { set(.arpOp, v) } else { set(.ipProto, v) }
        }
        let proto = match.ipProto
        for (kind, v) in pending {
            switch kind {
            case .nwProto: break
            case .nwSrc, .nwDst:
                if arp {
                    set(kind == .nwSrc ? .arpSPA : .arpTPA, v)
                } else if v4 {
                    set(kind == .nwSrc ? .ipv4Src : .ipv4Dst, v)
                }
            case .tpSrc, .tpDst:
                let src = kind == .tpSrc
                let id: OXMFieldID?
                switch proto {
                case 6 where v4 || v6: id = src ? .tcpSrc : .tcpDst
                case 17 where v4 || v6: id = src ? .udpSrc : .udpDst
                case 132 where v4 || v6: id = src ? .sctpSrc : .sctpDst
                case 1 where v4: id = src ? .icmpv4Type : .icmpv4Code
                case 58 where v6: id = src ? .icmpv6Type : .icmpv6Code
                default: id = nil
                }
                if let id {
                    let narrow = id.descriptor?.width == 1
                    set(id, narrow ? MaskedValue(value: v.value & 0xff, mask: v.mask.map { $0 & 0xff }) : v)
                }
            }
        }
        pending = []
        return match
    }

    static func describe(_ format: ValueFormat) -> String {
        switch format {
        case .decimal, .hexadecimal: "a number (decimal or 0x hex), optionally /MASK"
        case .ethernet: "an Ethernet address xx:xx:xx:xx:xx:xx, optionally /MASK"
        case .ipv4: "an IPv4 address, optionally /PREFIX or /MASK"
        case .ipv6: "an IPv6 address, optionally /PREFIX or /MASK"
        case .port: "a port number or name"
        case .ctState: "flags like +trk+new, trk|est, or a number"
        case .tcpFlags: "flags like +syn-ack, or a number"
        case .frag: "no, yes, first, later or not_later"
        }
    }
}
