import OpenFlow

/// Actions and instructions printed the way ovs-ofctl prints what it decoded from OpenFlow 1.4.
public enum ActionFormatter {
    static let packetInReasons = ["no_match", "action", "invalid_ttl", "action_set", "group", "packet_out"]

    /// Instructions as one `actions=` value ("drop" when there is nothing to do).
    public static func format(_ instructions: [Instruction], names: PortNames? = nil) -> String {
        var parts: [String] = []
        for i in instructions {
            switch i {
            case .meter(let id): parts.append("meter:\(id)")
            case .applyActions(let actions): parts += actions.map { format($0, names: names) }
            case .clearActions: parts.append("clear_actions")
            case .writeActions(let actions): parts.append("write_actions(\(format(actions, names: names)))")
            case .writeMetadata(let v, let mask):
                parts.append(
                    "write_metadata:" + ValueSyntax.hexC(UInt128(v))
                        + (mask == .max ? "" : "/" + ValueSyntax.hexC(UInt128(mask))))
            case .gotoTable(let t): parts.append("goto_table:\(t)")
            case .experimenter(let e, _): parts.append("experimenter(0x\(String(e, radix: 16)))")
            }
        }
        return parts.isEmpty ? "drop" : parts.joined(separator: ",")
    }

    /// An action list ("drop" when empty).
    public static func format(_ actions: [Action], names: PortNames? = nil) -> String {
        actions.isEmpty ? "drop" : actions.map { format($0, names: names) }.joined(separator: ",")
    }

    public static func format(_ action: Action, names: PortNames? = nil) -> String {
        switch action {
        case .output(let port, let maxLength):
            if port == .controller { return "CONTROLLER:\(maxLength)" }
            let text = PortSyntax.format(port, names: names)
            return port.rawValue < PortNumber.max.rawValue ? "output:" + text : text
        case .copyTTLOut: return "copy_ttl_out"
        case .copyTTLIn: return "copy_ttl_in"
        case .setMPLSTTL(let ttl): return "set_mpls_ttl(\(ttl))"
        case .decMPLSTTL: return "dec_mpls_ttl"
        case .pushVLAN(let e): return "push_vlan:" + ValueSyntax.hexC(UInt128(e))
        case .popVLAN: return "pop_vlan"
        case .pushMPLS(let e): return "push_mpls:" + ValueSyntax.hexC(UInt128(e))
        case .popMPLS(let e): return "pop_mpls:" + MatchFormatter.hex4(e)
        case .setQueue(let q): return "set_queue:\(q)"
        case .group(let g): return "group:\(g)"
        case .setNWTTL(let ttl): return "mod_nw_ttl:\(ttl)"
        case .decNWTTL: return "dec_ttl"
        case .setField(let f): return setField(f, names: names)
        case .pushPBB(let e): return "push_pbb:" + ValueSyntax.hexC(UInt128(e))
        case .popPBB: return "pop_pbb"
        case .nicira(let n): return nicira(n, names: names)
        case .experimenter(let e, _): return "experimenter(0x\(String(e, radix: 16)))"
        }
    }

    static func setField(_ f: OXMField, names: PortNames?) -> String {
        guard let field = FieldTable.field(for: f.id) else { return "set_field:\(f.value)->\(f.id)" }
        if field.format == .port, f.mask == nil {
            // A port is printed by name where names are on, as in a match; the 16-bit NXM
            // in_port's reserved ports (0xff00 and up) are OpenFlow 1.1's 0xffffff00 and up.
            var port = UInt32(truncatingIfNeeded: f.value.integer)
            if field.bytes == 2, port >= 0xff00 { port += 0xffff_0000 }
            return "set_field:" + PortSyntax.format(PortNumber(port), names: names) + "->" + field.name
        }
        let value = ValueSyntax.format(
            f.value.integer, mask: f.mask?.integer, format: field.format, bytes: f.value.width)
        return "set_field:\(value)->\(field.name)"
    }

    static func nicira(_ n: NiciraAction, names: PortNames?) -> String {
        switch n {
        case .resubmit(let port):
            return "resubmit:" + PortSyntax.format(port32(port), names: names)
        case .resubmitTable(let port, let table) where port != 0xfff8 && table == 255:
            return "resubmit:" + PortSyntax.format(port32(port), names: names)
        case .resubmitTable(let port, let table), .resubmitTableCT(let port, let table):
            var s = "resubmit("
            if port != 0xfff8 { s += PortSyntax.format(port32(port), names: names) }
            s += ","
            if table != 255 { s += "\(table)" }
            if case .resubmitTableCT = n { s += ",ct" }
            return s + ")"
        case .setTunnel(let v): return "set_tunnel:" + ValueSyntax.hexC(UInt128(v))
        case .setTunnel64(let v): return "set_tunnel64:" + ValueSyntax.hexC(UInt128(v))
        case .popQueue: return "pop_queue"
        case .regMove(let m):
            guard let src = Subfield(header: m.src, offset: Int(m.srcOffset), nBits: Int(m.nBits)),
                let dst = Subfield(header: m.dst, offset: Int(m.dstOffset), nBits: Int(m.nBits))
            else { return "move:\(m.src)->\(m.dst)" }
            return "move:\(src.description)->\(dst.description)"
        case .regLoad(let l):
            guard let dst = Subfield(header: l.dst, offset: Int(l.offset), nBits: Int(l.nBits)) else {
                return "load:\(ValueSyntax.hexC(UInt128(l.value)))->\(l.dst)"
            }
            return "load:" + ValueSyntax.hexC(UInt128(l.value)) + "->" + dst.description
        case .regLoad2(let f): return setField(f, names: names)
        case .note(let bytes):
            return "note:" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ".")
        case .exit: return "exit"
        case .decTTLControllerIDs(let ids): return "dec_ttl(" + ids.map(String.init).joined(separator: ",") + ")"
        case .outputReg(let o), .outputReg2(let o):
            guard let src = Subfield(header: o.src, offset: Int(o.offset), nBits: Int(o.nBits)) else {
                return "output:\(o.src)"
            }
            return "output:" + src.description
        case .conjunction(let id, let clause, let clauses): return "conjunction(\(id),\(Int(clause) + 1)/\(clauses))"
        case .ct(let ct): return conntrack(ct, names: names)
        case .nat(let nat): return self.nat(nat)
        case .ctClear: return "ct_clear"
        case .controller(let maxLength, let id, let reason):
            if reason == 1 && id == 0 { return "CONTROLLER:\(maxLength)" }
            var args: [String] = []
            if reason != 1 {
                args.append(
                    "reason=" + (Int(reason) < packetInReasons.count ? packetInReasons[Int(reason)] : "\(reason)"))
            }
            if maxLength != 0xffff { args.append("max_len=\(maxLength)") }
            if id != 0 { args.append("id=\(id)") }
            return "controller(" + args.joined(separator: ",") + ")"
        case .controller2: return "controller(...)"
        case .unknown(let subtype, _): return "nx_action(subtype=\(subtype))"
        }
    }

    static func port32(_ p: UInt16) -> PortNumber {
        p >= 0xff00 ? PortNumber(UInt32(p) + 0xffff_0000) : PortNumber(UInt32(p))
    }

    static func conntrack(_ ct: NiciraAction.Conntrack, names: PortNames?) -> String {
        var parts: [String] = []
        if ct.flags.contains(.commit) { parts.append("commit") }
        if ct.flags.contains(.force) { parts.append("force") }
        if ct.recirculateTable != NiciraAction.Conntrack.noRecirculation {
            parts.append("table=\(ct.recirculateTable)")
        }
        switch ct.zone {
        case .immediate(let z): if z != 0 { parts.append("zone=\(z)") }
        case .field(let header, let offset, let nBits):
            let sub = Subfield(header: header, offset: Int(offset), nBits: Int(nBits))
            parts.append("zone=" + (sub?.description ?? "\(header)"))
        }
        var actions = ct.actions
        if case .nicira(.nat(let nat)) = actions.first {
            parts.append(self.nat(nat))
            actions.removeFirst()
        }
        if !actions.isEmpty { parts.append("exec(" + format(actions, names: names) + ")") }
        switch ct.alg {
        case 0: break
        case 21: parts.append("alg=ftp")
        case 69: parts.append("alg=tftp")
        default: parts.append("alg=\(ct.alg)")
        }
        return "ct(" + parts.joined(separator: ",") + ")"
    }

    static func nat(_ nat: NiciraAction.NAT) -> String {
        guard nat.flags.contains(.src) || nat.flags.contains(.dst) else { return "nat" }
        var s = nat.flags.contains(.src) ? "src" : "dst"
        var extra: [String] = []
        if let lo = nat.ipv4Min {
            s += "=" + ValueSyntax.ipv4(lo)
            if let hi = nat.ipv4Max, hi != 0, hi != lo { s += "-" + ValueSyntax.ipv4(hi) }
        } else if let lo = nat.ipv6Min {
            let bracket = nat.portMin != nil && nat.portMin != 0
            func v6(_ a: UInt128) -> String { bracket ? "[" + IPv6Syntax.format(a) + "]" : IPv6Syntax.format(a) }
            s += "=" + v6(lo)
            if let hi = nat.ipv6Max, hi != 0, hi != lo { s += "-" + v6(hi) }
        }
        if nat.ipv4Min != nil || nat.ipv6Min != nil {
            if let lo = nat.portMin, lo != 0 {
                s += ":\(lo)"
                if let hi = nat.portMax, hi != 0, hi != lo { s += "-\(hi)" }
            }
            if nat.flags.contains(.persistent) { extra.append("persistent") }
            if nat.flags.contains(.protoHash) { extra.append("hash") }
            if nat.flags.contains(.protoRandom) { extra.append("random") }
        }
        return "nat(" + ([s] + extra).joined(separator: ",") + ")"
    }
}
