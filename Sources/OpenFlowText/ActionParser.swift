import OpenFlow
import TextSuggestions

/// The `actions=` part of a flow (and the actions of a group bucket) into OpenFlow 1.4
/// instructions and actions, choosing the encodings ovs-ofctl chooses for OpenFlow 1.4
/// (`mod_tp_src` becomes a set_field on the protocol's port field, `mod_vlan_vid` pushes a
/// tag first when the packet has none, `load:` is NXAST_REG_LOAD, ...).
struct ActionParser {
    /// The flow's match: which protocol `mod_tp_*` means and whether a VLAN tag is present.
    var context: FlowMatch
    var names: PortNames?
    private var vlanPresent: Bool

    init(context: FlowMatch, names: PortNames?) {
        self.context = context
        self.names = names
        self.vlanPresent = context.hasVLAN
    }

    static let actionNames = [
        "output", "drop", "normal", "flood", "all", "local", "in_port", "controller", "group", "resubmit", "ct",
        "ct_clear", "load", "move", "set_field", "mod_dl_src", "mod_dl_dst", "mod_nw_src", "mod_nw_dst",
        "mod_nw_tos", "mod_nw_ecn", "mod_nw_ttl", "mod_tp_src", "mod_tp_dst", "strip_vlan", "pop_vlan", "push_vlan",
        "mod_vlan_vid", "mod_vlan_pcp", "dec_ttl", "set_queue", "enqueue", "pop_queue", "note", "exit",
        "conjunction", "set_tunnel", "set_tunnel64", "push_mpls", "pop_mpls", "set_mpls_label", "set_mpls_tc",
        "set_mpls_ttl", "dec_mpls_ttl", "goto_table", "write_metadata", "clear_actions", "write_actions", "meter",
    ]

    // MARK: Instructions

    /// A whole `actions=` value: instructions may appear in OpenFlow's order only
    /// (meter, apply actions, clear_actions, write_actions, write_metadata, goto_table).
    mutating func instructions(_ text: Substring, column: Int) throws(SyntaxError) -> [Instruction] {
        var meter: UInt32?
        var apply: [Action] = []
        var clear = false
        var write: [Action]?
        var metadata: (UInt64, UInt64)?
        var goto: UInt8?
        var stage = 0
        func advance(to s: Int, _ t: Token) throws(SyntaxError) {
            guard s >= stage else {
                throw SyntaxError(
                    "invalid instruction ordering: \(t.key) must come earlier", column: t.column, token: t.text,
                    expected: "meter, actions, clear_actions, write_actions, write_metadata, goto_table in that order")
            }
            stage = s
        }
        for t in try Tokenizer.tokens(text, column: column) {
            switch t.key {
            case "meter":
                try advance(to: 0, t)
                meter = UInt32(try number(t, bytes: 4))
            case "clear_actions":
                try advance(to: 2, t)
                clear = true
            case "write_actions":
                try advance(to: 3, t)
                var inner = ActionParser(context: context, names: names)
                write = try inner.actions(Substring(t.value ?? ""), column: t.valueColumn)
            case "write_metadata":
                try advance(to: 4, t)
                let v = try maskedNumber(t, bytes: 8)
                metadata = (UInt64(v.value), UInt64(v.mask ?? UInt128(UInt64.max)))
            case "goto_table":
                try advance(to: 5, t)
                goto = UInt8(try number(t, bytes: 1))
            default:
                try advance(to: 1, t)
                try action(t, into: &apply)
            }
        }
        var list: [Instruction] = []
        if let meter { list.append(.meter(meter)) }
        if !apply.isEmpty { list.append(.applyActions(apply)) }
        if clear { list.append(.clearActions) }
        if let write { list.append(.writeActions(write)) }
        if let metadata { list.append(.writeMetadata(metadata.0, mask: metadata.1)) }
        if let goto { list.append(.gotoTable(goto)) }
        return list
    }

    /// A plain action list (write_actions, ct exec, group buckets).
    mutating func actions(_ text: Substring, column: Int) throws(SyntaxError) -> [Action] {
        var list: [Action] = []
        for t in try Tokenizer.tokens(text, column: column) { try action(t, into: &list) }
        return list
    }

    // MARK: Actions

    mutating func action(_ t: Token, into list: inout [Action]) throws(SyntaxError) {
        // ovs-ofctl reads action names in any case (`MOD_DL_SRC:` is `mod_dl_src:`).
        let key = t.key.lowercased()
        switch key {
        case "drop": break
        case "output":
            let text = t.value ?? ""
            if text.contains("[") {
                let sub = try Subfield.parse(text, column: t.valueColumn)
                list.append(
                    .nicira(
                        .outputReg(
                            .init(
                                src: sub.header, offset: UInt16(sub.offset), nBits: UInt8(sub.nBits), maxLength: 0xffff)
                        )))
            } else if t.separator == "(" {
                throw SyntaxError(
                    "output(port=...,max_len=...) is not supported", column: t.column, token: t.text,
                    expected: "output:PORT")
            } else {
                list.append(output(try port(text, t)))
            }
        case "normal", "flood", "all", "local", "in_port", "table":
            list.append(.output(port: PortSyntax.parse(t.key) ?? .normal, maxLength: 0))
        case "controller":
            list.append(try controller(t))
        case "enqueue":
            let parts = (t.value ?? "").split(whereSeparator: { $0 == ":" || $0 == "," })
            guard parts.count == 2, let q = UInt32(parts[1]) else {
                throw SyntaxError("bad enqueue", column: t.column, token: t.text, expected: "enqueue:PORT:QUEUE")
            }
            list += [.setQueue(q), output(try port(String(parts[0]), t)), .nicira(.popQueue)]
        case "group": list.append(.group(UInt32(try number(t, bytes: 4))))
        case "set_queue": list.append(.setQueue(UInt32(try number(t, bytes: 4))))
        case "pop_queue": list.append(.nicira(.popQueue))
        case "resubmit": list.append(try resubmit(t))
        case "ct": list.append(.nicira(try conntrack(t)))
        case "nat": list.append(.nicira(.nat(try nat(t))))
        case "ct_clear": list.append(.nicira(.ctClear))
        case "exit": list.append(.nicira(.exit))
        case "load": list += try load(t)
        case "move": list.append(try move(t))
        case "set_field": list += try setField(t)
        case "mod_dl_src", "mod_dl_dst":
            let v = try value(t, .ethernet, bytes: 6)
            list.append(.setField(OXMField(key == "mod_dl_src" ? .ethSrc : .ethDst, v)))
        case "mod_nw_src", "mod_nw_dst":
            let v = try value(t, .ipv4, bytes: 4)
            list.append(.setField(OXMField(key == "mod_nw_src" ? .ipv4Src : .ipv4Dst, v)))
        case "mod_nw_tos": list.append(.setField(OXMField(.ipDSCP, try number(t, bytes: 1) >> 2)))
        case "mod_nw_ecn": list.append(.setField(OXMField(.ipECN, try number(t, bytes: 1))))
        case "mod_nw_ttl": list.append(.setNWTTL(UInt8(try number(t, bytes: 1))))
        case "mod_tp_src", "mod_tp_dst":
            let src = key == "mod_tp_src"
            let id: OXMFieldID
            switch context.ipProto {
            case 17: id = src ? .udpSrc : .udpDst
            case 132: id = src ? .sctpSrc : .sctpDst
            case 6: id = src ? .tcpSrc : .tcpDst
            default:
                throw SyntaxError(
                    "\(t.key) needs tcp, udp or sctp in the match", column: t.column, token: t.text,
                    expected: "a match on tcp, udp or sctp")
            }
            list.append(.setField(OXMField(id, try number(t, bytes: 2))))
        case "strip_vlan", "pop_vlan":
            list.append(.popVLAN)
            vlanPresent = false
        case "push_vlan":
            list.append(.pushVLAN(ethertype: UInt16(try number(t, bytes: 2))))
            vlanPresent = true
        case "mod_vlan_vid", "mod_vlan_pcp":
            let v = try number(t, bytes: 2)
            if !vlanPresent {
                list.append(.pushVLAN(ethertype: 0x8100))
                vlanPresent = true
            }
            if key == "mod_vlan_vid" {
                list.append(.setField(OXMField(.vlanVID, (v & 0xfff) | 0x1000)))
            } else {
                list.append(.setField(OXMField(.vlanPCP, v & 7)))
            }
        case "dec_ttl":
            if t.separator == "(" {
                var ids: [UInt16] = []
                for part in (t.value ?? "").split(separator: ",") {
                    guard let id = UInt16(part) else {
                        throw SyntaxError("bad controller id '\(part)'", column: t.valueColumn, token: String(part))
                    }
                    ids.append(id)
                }
                list.append(.nicira(.decTTLControllerIDs(ids)))
            } else {
                list.append(.decNWTTL)
            }
        case "note": list.append(.nicira(.note(try note(t))))
        case "conjunction": list.append(try conjunction(t))
        case "set_tunnel", "set_tunnel64": list.append(.setField(OXMField(.tunnelID, try number(t, bytes: 8))))
        case "push_mpls": list.append(.pushMPLS(ethertype: UInt16(try number(t, bytes: 2))))
        case "pop_mpls": list.append(.popMPLS(ethertype: UInt16(try number(t, bytes: 2))))
        case "set_mpls_label": list.append(.setField(OXMField(.mplsLabel, try number(t, bytes: 4))))
        case "set_mpls_tc": list.append(.setField(OXMField(.mplsTC, try number(t, bytes: 1))))
        case "set_mpls_ttl": list.append(.setMPLSTTL(UInt8(try number(t, bytes: 1))))
        case "dec_mpls_ttl": list.append(.decMPLSTTL)
        case "goto_table", "write_metadata", "clear_actions", "write_actions", "meter":
            throw SyntaxError(
                "\(t.key) is an instruction and cannot appear here", column: t.column, token: t.text,
                expected: "an action")
        default:
            // A bare port number or name means output to it.
            if t.value == nil, let p = try? port(t.key, t) {
                list.append(output(p))
                return
            }
            throw SyntaxError(
                "unknown action '\(t.key)'", column: t.column, token: t.key,
                suggestion: DidYouMean.suggestion(for: t.key, among: Self.actionNames))
        }
    }

    // MARK: Pieces

    private func output(_ port: PortNumber) -> Action {
        .output(port: port, maxLength: port == .controller ? 0xffff : 0)
    }

    func port(_ text: String, _ t: Token) throws(SyntaxError) -> PortNumber {
        if let n = names?.byName[text] { return PortNumber(n) }
        let unquoted =
            text.hasPrefix("\"") && text.hasSuffix("\"") && text.count >= 2 ? String(text.dropFirst().dropLast()) : text
        if let n = names?.byName[unquoted] { return PortNumber(n) }
        guard let p = PortSyntax.parse(text) else {
            throw SyntaxError(
                "unknown port '\(text)'", column: t.valueColumn, token: text,
                expected: "a port number, a port name or IN_PORT, LOCAL, NORMAL, FLOOD, ALL, CONTROLLER")
        }
        return p
    }

    /// OpenFlow 1.0's 16-bit port numbers, which NX resubmit carries.
    static func port16(_ p: PortNumber) -> UInt16 {
        p.rawValue >= 0xffff_ff00
            ? UInt16(truncatingIfNeeded: p.rawValue - 0xffff_0000) : UInt16(truncatingIfNeeded: p.rawValue)
    }

    func number(_ t: Token, bytes: Int) throws(SyntaxError) -> UInt128 {
        do {
            return try ValueSyntax.integer(t.value ?? "", bytes: bytes)
        } catch {
            throw SyntaxError(
                "\(t.key): \(t.value == nil ? "missing value" : error.message)", column: t.valueColumn,
                token: t.value ?? t.text, expected: "\(t.key):NUMBER")
        }
    }

    func maskedNumber(_ t: Token, bytes: Int) throws(SyntaxError) -> MaskedValue {
        try value(t, .hexadecimal, bytes: bytes, masked: true)
    }

    private func value(
        _ t: Token, _ format: ValueFormat, bytes: Int, masked: Bool = false
    ) throws(SyntaxError) -> MaskedValue {
        do {
            return try ValueSyntax.parse(t.value ?? "", format: format, bytes: bytes)
        } catch {
            throw SyntaxError(
                "\(t.key): \(error.message)", column: t.valueColumn, token: t.value ?? t.text,
                expected: MatchParser.describe(format))
        }
    }

    private func value(_ t: Token, _ format: ValueFormat, bytes: Int) throws(SyntaxError) -> UInt128 {
        try value(t, format, bytes: bytes, masked: false).value
    }
}
